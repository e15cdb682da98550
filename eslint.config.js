// ESLint flat config: @eslint/js and typescript-eslint recommended rules, plus the two
// type-aware promise rules that catch real bugs in a bot (a rejected promise nobody awaits).
//
// Type-aware rules need the TypeScript compiler API, which TypeScript 7 does not have
// (it lands in 7.1). package.json therefore installs the TypeScript 6 API package under
// the name `typescript` (what typescript-eslint imports) and TypeScript 7 as
// `@typescript/native`, whose `tsc` is the one `npm run typecheck` runs — Microsoft's
// documented side-by-side setup. A full lint takes about 15 s on two cores.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "dist/", "bench-report/", "scratch/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      // `const { a, ...rest } = x` drops `a` on purpose (the retriever hands out the index without its vectors)
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },
  {
    rules: {
      // Control characters are matched on purpose: file names and pasted text are cleaned of them.
      "no-control-regex": "off",
    },
  },
);
