import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "lib/dist/**", "build/**", "**/*.d.ts", "lib/src/kernels/wasm/*.generated.*"] },
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
);
