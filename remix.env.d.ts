/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

import type { AppContext } from "./app/web/context.server";

declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
  // Everything stateful (the one database handle, the mailer, secrets) is created once by
  // app/cli/serve.ts and handed to loaders and actions here, so the Remix bundle never opens
  // a second PGlite on the same data directory.
  interface AppLoadContext extends AppContext {
    [key: string]: unknown;
  }
}
