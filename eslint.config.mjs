import tseslint from "typescript-eslint";

// The engine's layers, bottom to top: each folder of lib/src may import only the
// folders listed for it (and its own files). So there are no cycles between
// folders, no lower layer imports a higher one, and the library never imports
// the generated lectures package or tools/. lib/README.md explains the order.
export const LAYERS = {
  random: [],
  kernels: [],
  tensor: ["random", "kernels"],
  autodiff: ["tensor", "random"],
  data: ["tensor", "random"],
  plot: ["tensor"],
  progress: ["plot"],
  optim: ["tensor"],
  nn: ["tensor", "autodiff", "kernels", "random", "optim"],
  train: ["tensor", "autodiff", "nn", "optim", "progress", "random", "data", "plot"],
  ode: ["tensor", "autodiff", "optim", "progress", "random"],
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const layerRules = Object.entries(LAYERS).map(([folder, allowed]) => {
  const forbidden = Object.keys(LAYERS).filter((f) => f !== folder && !allowed.includes(f));
  return {
    files: [`lib/src/${folder}/**/*.ts`, `lib/src/${folder}.ts`],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          ...(forbidden.length ? [{
            regex: `^(\\.\\./)+(${forbidden.map(escape).join("|")})(/|$)`,
            message: `lib/src/${folder} may import only ${allowed.length ? allowed.join(", ") : "its own files"} (the layers are in eslint.config.mjs and lib/README.md).`,
          }] : []),
          { regex: "^(lectures|nnlab)(/|$)|(^|/)tools/|(^|/)lectures/", message: "The engine never imports the lectures package, itself by name, or tools/." },
        ],
      }],
    },
  };
});

export default tseslint.config(
  { ignores: ["**/node_modules/**", "lib/dist/**", "lectures/dist/**", "build/**", "**/*.d.ts", "lib/src/kernels/wasm/*.generated.*"] },
  {
    files: ["**/*.ts", "**/*.mjs"],
    extends: [tseslint.configs.recommended],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": ["error", { object: "Math", property: "random", message: "Use the seeded Random from lib/src/random.ts." }],
    },
  },
  ...layerRules,
);
