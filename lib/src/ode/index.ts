/**
 * ode: solving differential equations with a neural network (the lecture's
 * trial-solution method), plus a finite-difference Poisson solver to compare with.
 */
export { solveOde, odePoints, type SolveOdeOptions, type OdeSolution, type OdePoints, type OdeOptimizerName } from "./solveOde";
export { decayProblem, poissonProblem, poissonSource, poissonExact, type OdeProblem } from "./problems";
export { solvePoissonFiniteDifference, type PoissonFiniteDifferenceOptions } from "./solvePoissonFiniteDifference";
export { solveTridiagonal, type TridiagonalSystem } from "./solveTridiagonal";
export { initOdeNetwork, networkOutput, networkSizes, type OdeNetworkOptions } from "./network";
export { initialValueTrial, boundaryValueTrial, customTrial, type ResolvedTrial } from "./trial";
export type { OdeActivation, OdeTerms, OdeEquation, TrialForm, TrialFunction, InitialCondition } from "./types";
