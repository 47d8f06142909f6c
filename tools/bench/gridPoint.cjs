// One point of the lecture's (eta, lmbd) grid for the `grid-digits` workload, run by nnlab's
// gridSearch on worker threads (`job: { module: <this file>, name: "digitsGridPoint", data }`).
// No notebook exports a grid-point function, so this small module trains the notebook's own class
// (notebooks/03-mlp-digits, `require("lectures").NeuralNetwork`) the way notebook 03's grid does:
// the same seed for every network, only eta and lmbd change.
"use strict";
const { Tensor, accuracy, oneHot } = require("nnlab");
const { NeuralNetwork } = require("lectures");

let cache = null; // the tensors of `data`, built once per worker

function tensors(data) {
  if (cache === null || cache.data !== data) {
    cache = {
      data,
      Xtrain: new Tensor(Float64Array.from(data.trainFeatures), [data.trainLabels.length, data.features]),
      Ytrain: oneHot(Int32Array.from(data.trainLabels), data.nCategories),
      Xtest: new Tensor(Float64Array.from(data.testFeatures), [data.testLabels.length, data.features]),
    };
  }
  return cache;
}

/**
 * Train NeuralNetwork(Xtrain, Ytrain, { eta, lmbd, ... }) at one grid point and score it.
 * point: nnlab's GridPoint ({ params: { eta, lmbd }, ... }); data: { trainFeatures, trainLabels,
 * testFeatures, testLabels (plain arrays), features, nHidden, nCategories, epochs, batchSize, seed }.
 */
function digitsGridPoint(point, data) {
  const { Xtrain, Ytrain, Xtest } = tensors(data);
  const net = new NeuralNetwork(Xtrain, Ytrain, {
    nHidden: data.nHidden, nCategories: data.nCategories, epochs: data.epochs, batchSize: data.batchSize,
    eta: point.params.eta, lmbd: point.params.lmbd, seed: data.seed,
  }).train();
  return {
    trainAccuracy: accuracy(Int32Array.from(net.predict(Xtrain)), Int32Array.from(data.trainLabels)),
    testAccuracy: accuracy(Int32Array.from(net.predict(Xtest)), Int32Array.from(data.testLabels)),
  };
}

module.exports = { digitsGridPoint };
