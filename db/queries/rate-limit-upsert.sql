-- A throttle spends a point: rate-limiter-flexible's upsert, run through Kysely (app/models/rate-limit.server.ts).
-- Written by `npm run queries:update`; a test fails when the code sends other SQL.
INSERT INTO "rate_limit_buckets" VALUES ($1, $2, $3)
  ON CONFLICT(key) DO UPDATE SET
    points = CASE
              WHEN ("rate_limit_buckets".expire <= $4 OR 1=0) THEN $2
              ELSE "rate_limit_buckets".points + ($2)
             END,
    expire =  CASE
 WHEN "rate_limit_buckets".expire <= $4 THEN $3
 ELSE "rate_limit_buckets".expire
END 
RETURNING points, expire;
