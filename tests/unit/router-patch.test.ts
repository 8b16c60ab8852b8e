import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The route-matching cache (patches/@remix-run+router+*.patch, see docs) is a fifth of signing
 * throughput. If a Remix update changes the file, `npm ci` must fail rather than run unpatched,
 * and this test must notice a router that is not the patched one.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(path.join(root, "node_modules/@remix-run/server-runtime/package.json"));

describe("the router patch", () => {
  it("is in effect in the copy of @remix-run/router the server runtime loads: a route tree is ranked once", () => {
    const { matchRoutes } = require("@remix-run/router") as typeof import("@remix-run/router");
    const routes: { id: string; path: string }[] = [{ id: "a", path: "/patch-check-a" }];
    expect(matchRoutes(routes, "/patch-check-a")?.map((m) => m.route.id)).toEqual(["a"]);
    // Unpatched, the router flattens and ranks the tree on every call and would see this route;
    // patched, the tree's ranked branches (and the path's result) are cached per tree.
    routes.push({ id: "b", path: "/patch-check-b" });
    expect(matchRoutes(routes, "/patch-check-b")).toBeNull();
    // A new tree is ranked afresh.
    expect(matchRoutes([...routes], "/patch-check-b")?.map((m) => m.route.id)).toEqual(["b"]);
  });

  it("gives each caller its own copy of a remembered match", () => {
    const { matchRoutes } = require("@remix-run/router") as typeof import("@remix-run/router");
    const routes = [{ id: "p", path: "/patch-check/:slug" }];
    const first = matchRoutes(routes, "/patch-check/one")!;
    (first[0].params as Record<string, string>).slug = "changed by a caller";
    expect(matchRoutes(routes, "/patch-check/one")![0].params).toEqual({ slug: "one" });
  });

  it("fails the install when it no longer applies", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
    expect(pkg.scripts.postinstall).toBe("patch-package --error-on-fail");
  });
});
