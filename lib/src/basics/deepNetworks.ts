/**
 * Lecture-level helpers of the deep-network notebook (07): a deep classifier
 * in one call, per-layer gradient norms, hidden-unit statistics (dead ReLUs,
 * saturation), the sigmoid staircase behind the universal approximation
 * theorem, and a width sweep of trained one-hidden-layer fits.
 */
export { deepStack, type DeepStackOptions } from "./deepStack";
export { layerGradientNorms, type LayerGradientNormsOptions } from "./deepGradientNorms";
export { hiddenLayerStats, type HiddenLayerStats, type HiddenLayerStatsOptions } from "./deepHiddenStats";
export { sigmoidStaircase, type SigmoidStaircase, type SigmoidStaircaseOptions } from "./deepStaircase";
export {
  approximationSweep, type ApproximationSweep, type ApproximationSweepOptions, type ApproximationFit,
} from "./deepApproximationSweep";
