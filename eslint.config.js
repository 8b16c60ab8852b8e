// Lint for Padauk: TypeScript rules, Prettier's formatting, and the layers (docs/architecture.md)
// as import rules — a wrong-way import fails `npm run lint`, and so CI.
import js from "@eslint/js";
import boundaries from "eslint-plugin-boundaries";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Each layer, bottom first. A file belongs to the first pattern it matches. */
const LAYERS = [
  { type: "lib", pattern: "app/lib" },
  { type: "seed", pattern: "db/seed" },
  { type: "db", pattern: "db" },
  { type: "emails", pattern: "emails" },
  { type: "schemas", pattern: "app/schemas" },
  { type: "models", pattern: "app/models" },
  { type: "outbox", pattern: "app/outbox" },
  { type: "services", pattern: "app/services" },
  { type: "web", pattern: "app/web" },
  { type: "components", pattern: "app/components" },
  { type: "remix", pattern: "app/routes" },
  { type: "server", pattern: "app/server" },
  { type: "cli", pattern: "app/cli" },
  // What is left in app/: root.tsx and the two Remix entries, the top of the Remix side.
  { type: "remix", pattern: "app" },
];

/** What each layer may import (besides itself and packages). */
const MAY_IMPORT = {
  lib: [],
  db: ["lib"],
  emails: ["lib"],
  schemas: ["lib"],
  models: ["db", "lib", "schemas"],
  outbox: ["models", "db", "lib", "emails"],
  services: ["outbox", "models", "db", "lib", "schemas", "emails"],
  web: ["services", "models", "lib", "schemas"],
  components: ["lib"],
  remix: ["web", "services", "models", "lib", "schemas", "components", "emails"],
  server: ["seed", "web", "services", "outbox", "models", "db", "lib"],
  seed: ["models", "db", "lib"],
  cli: ["server", "web", "services", "outbox", "models", "db", "lib", "seed"],
};

const policies = [
  ...Object.entries(MAY_IMPORT).map(([from, to]) => ({
    from: { element: { type: from } },
    allow: { to: { element: { type: [from, ...to] } } },
  })),
  // The database handle's type travels with the request context; its queries stay in models.
  { from: { element: { type: ["web", "remix"] } }, allow: { dependency: { kind: "type" }, to: { element: { type: "db" } } } },
];

/** Only these layers hold SQL: everyone else calls a model. */
const NO_SQL = {
  "no-restricted-imports": [
    "error",
    { paths: ["kysely", "pg", "@electric-sql/pglite"].map((name) => ({ name, message: "SQL lives in app/models (or app/outbox, db)." })) },
  ],
  "no-restricted-syntax": [
    "error",
    {
      selector: "MemberExpression[property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|executeQuery)$/]",
      message: "SQL lives in app/models: call a model.",
    },
  ],
};

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      "no-empty": ["error", { allowEmptyCatch: true }],
      "no-control-regex": "off",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "db/**/*.ts", "emails/**/*.ts"],
    plugins: { boundaries },
    settings: {
      "boundaries/elements": LAYERS.map(({ type, pattern }) => ({ type, pattern })),
      "import/resolver": { typescript: { alwaysTryTypes: true } },
    },
    rules: {
      "boundaries/dependencies": ["error", { default: "disallow", policies }],
      // Every source file sits in a layer: a new folder has to be placed in one above.
      "boundaries/no-unknown-files": "error",
    },
  },
  // Migrations see the database as it was when they were written, not today's types (Kysely's advice).
  { files: ["db/migrations/**", "db/index.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  {
    files: ["app/routes/**", "app/web/**", "app/services/**", "app/components/**", "app/root.tsx", "app/entry.*.tsx", "emails/**", "app/schemas/**"],
    rules: NO_SQL,
  },
  prettier,
);
