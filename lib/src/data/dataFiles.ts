/**
 * The committed data files and their SHA-256 (the same values as data/README.md;
 * test/data/dataFiles.test.ts checks both against the files). Rebuilt by tools/make-data.mjs.
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
} as const;

/** Key of a committed data file. */
export type DataFileKey = keyof typeof DATA_FILES;
