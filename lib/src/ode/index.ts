/** ode: solving differential equations with a neural network (the lecture's trial-solution method), and a finite-difference Poisson solver to compare with. */
export { solveOde, type SolveOdeOptions, type OdeSolution, type OdePoints, type OdeOptimizerName } from "./solveOde";
export { decayProblem, poissonProblem, poissonSource, poissonExact, type OdeProblem } from "./problems";
export { solvePoissonFiniteDifference, type PoissonFiniteDifferenceOptions } from "./solvePoissonFiniteDifference";
export { initOdeNetwork, networkOutput, type OdeNetworkOptions } from "./network";
export type { OdeActivation, OdeTerms, OdeEquation, InitialCondition } from "./trial";
