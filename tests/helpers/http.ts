import { request as httpRequest } from "node:http";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request over a real socket, with any header a client can send (Host included, which
 * fetch() will not set) and from any local address: on Linux the whole of 127.0.0.0/8 is this
 * machine, so a socket bound to 127.0.0.2 is another client to the server.
 */
export function send(
  base: string,
  method: string,
  pathname: string,
  // Pairs when a field repeats (the composer's ticked officials), as a browser sends them.
  opts: { form?: Record<string, string> | [string, string][]; from?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(pathname, base);
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        localAddress: opts.from ?? "127.0.0.1",
        headers: {
          ...(body ? { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
