import { expect, test } from "@playwright/test";

test("a new user starting Padauk reads one line saying where it listens, which database and where mail is", async ({ baseURL }) => {
  const line = process.env.E2E_STARTUP_LINE ?? "";
  const port = new URL(baseURL!).port;
  expect(line).toContain(`Padauk listening on http://localhost:${port}`);
  expect(line).toMatch(process.env.DATABASE_URL ? /database: postgres:\/\/127\.0\.0\.1:5432\/padauk_test_/ : /database: embedded PGlite in \S+\/pg/);
  expect(line).toContain(`/dev/mail`);
  expect(line).not.toMatch(/postgres:\/\/[^@\s]*@/); // never prints credentials
});
