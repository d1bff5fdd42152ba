// Minimal types for the part of jstat gvcsim uses (jstat ships none).
declare module 'jstat' {
  interface StudentT {
    /** Quantile function of Student's t with `dof` degrees of freedom. */
    inv(p: number, dof: number): number;
  }
  const jStat: { studentt: StudentT };
  export default jStat;
}
