// autocannon ships no types; the benchmark uses this much of it.
declare module "autocannon" {
  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (req: Request, context: Record<string, unknown>) => Request;
    }
    interface Result {
      requests: { total: number; average: number };
      latency: { p50: number; p90: number; p97_5: number; p99: number; max: number };
      statusCodeStats?: Record<string, { count: number }>;
      errors: number;
      timeouts: number;
    }
  }
  function autocannon(opts: {
    url: string;
    connections?: number;
    duration?: number;
    requests?: autocannon.Request[];
    timeout?: number;
    warmup?: { connections?: number; duration?: number };
  }): Promise<autocannon.Result>;
  export default autocannon;
}
