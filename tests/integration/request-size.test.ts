import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import http from "node:http";
import { Readable } from "node:stream";
import { startServer, type RunningServer } from "../helpers/server";
import { BODY_LIMITS } from "../../app/server/request-body";

/**
 * Bodies are refused before they are buffered: one 200 MiB post used to take the process from
 * 0.5 to 1.9 GB. Twenty of them at once, half declared and half chunked, must leave the
 * server's memory within RSS_BOUND of where it was, and a signature posted meanwhile succeeds.
 */
const RSS_BOUND = 96 * 1024 * 1024;
const HUGE = 200 * 1024 * 1024;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMIT: "off" } });
});
afterAll(async () => {
  await server?.stop();
});

const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))![1]) * 1024;

/** A body of `size` bytes made as it is sent, so the test itself holds none of it. */
function lazyBody(size: number, chunk = Buffer.alloc(64 * 1024, "a")) {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return this.push(null);
      const n = Math.min(chunk.length, size - sent);
      sent += n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

/** Posts a body and resolves with the status and page of the answer, however the upload ends. */
function post(path: string, body: Readable | Buffer, headers: Record<string, string | number>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, server.baseUrl);
    const req = http.request(url, { method: "POST", headers });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => {
        resolve({ status: res.statusCode!, text });
        // Stop sending the rest.
        req.destroy();
      });
    });
    // The server closes the connection after answering; an upload still under way may see that
    // first. Only an upload that never got an answer fails.
    req.on("error", (err) => setTimeout(() => answered || reject(err), 1_000));
    if (Buffer.isBuffer(body)) req.end(body);
    else body.pipe(req);
  });
}

const form = { "Content-Type": "application/x-www-form-urlencoded" };

describe("request size limits", () => {
  it("refuses 20 concurrent 200 MiB bodies with a 413 in the visitor's language, within the memory bound, while a signature goes through", async () => {
    const before = rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
    const huge = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? post("/en/my-data", lazyBody(HUGE), { ...form, "Content-Length": HUGE })
        : // No Content-Length: chunked, so the size shows only while it is read.
          post("/my/my-data", lazyBody(HUGE), { ...form, "Transfer-Encoding": "chunked" }),
    );
    const signature = fetch(`${server.baseUrl}/en/campaigns/arms-embargo`, {
      method: "POST",
      body: new URLSearchParams({ name: "A signer in Yangon", email: "size-limit-signer@example.org", country: "MM" }),
      redirect: "manual",
    });
    const [answers, signed] = await Promise.all([Promise.all(huge), signature]).finally(() => clearInterval(sampler));
    peak = Math.max(peak, rss());

    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(413));
    expect(answers[0].text).toContain("<title>This request is too large</title>");
    expect(answers[0].text).toContain('<html lang="en">');
    expect(answers[1].text).toContain('<html lang="my">');
    expect(answers[1].text).toContain("<h1>ဤတောင်းဆိုချက်သည် အရွယ်အစား ကြီးလွန်းပါသည်</h1>");
    expect(signed.status).toBe(303);
    expect(signed.headers.get("Location")).toBe("/en/campaigns/arms-embargo/signed");
    console.log(
      `20 × 200 MiB refused: server RSS ${(before / 2 ** 20).toFixed(0)} MiB before, peak ${(peak / 2 ** 20).toFixed(0)} MiB (bound: +${RSS_BOUND / 2 ** 20} MiB)`,
    );
    expect(peak - before).toBeLessThan(RSS_BOUND);
  });

  it("refuses a body just over the public limit and accepts one just under it", async () => {
    const over = Buffer.from(`email=${"a".repeat(BODY_LIMITS.public.bytes)}`);
    expect((await post("/en/my-data", over, { ...form, "Content-Length": over.length })).status).toBe(413);
    // Under the limit the form itself answers: an address this long is not valid (400, in English).
    const under = Buffer.from(`email=${"a".repeat(BODY_LIMITS.public.bytes - 100)}`);
    const answer = await post("/en/my-data", under, { ...form, "Content-Length": under.length });
    expect(answer.status).toBe(400);
  });

  it("refuses too many fields and too many parts before parsing them", async () => {
    const fields = Buffer.from(Array.from({ length: BODY_LIMITS.public.fields + 1 }, (_, i) => `f${i}=1`).join("&"));
    expect(fields.length).toBeLessThan(BODY_LIMITS.public.bytes);
    expect((await post("/en/my-data", fields, { ...form, "Content-Length": fields.length })).status).toBe(413);
    const justEnough = Buffer.from(["email=not-an-address", ...Array.from({ length: BODY_LIMITS.public.fields - 1 }, (_, i) => `f${i}=1`)].join("&"));
    expect((await post("/en/my-data", justEnough, { ...form, "Content-Length": justEnough.length })).status).toBe(400);

    const boundary = "padauk-test-boundary";
    const parts = (n: number) =>
      Buffer.from(
        Array.from({ length: n }, (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n1\r\n`).join("") + `--${boundary}--\r\n`,
      );
    const multipart = { "Content-Type": `multipart/form-data; boundary=${boundary}` };
    const many = parts(BODY_LIMITS.public.fields + 1);
    expect((await post("/en/my-data", many, { ...multipart, "Content-Length": many.length })).status).toBe(413);
    const few = parts(3);
    expect((await post("/en/my-data", few, { ...multipart, "Content-Length": few.length })).status).toBe(400);
  });

  it("reads a chunked body under the limit like any other", async () => {
    const body = Buffer.from(new URLSearchParams({ name: "A supporter in Paris", email: "chunked-signer@example.org", country: "FR" }).toString());
    const answer = await post("/fr/campaigns/arms-embargo", Readable.from([body.subarray(0, 10), body.subarray(10)]), {
      ...form,
      "Transfer-Encoding": "chunked",
    });
    expect(answer.status).toBe(303);
  });
});
