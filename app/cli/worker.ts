import { boot, outboxWorker, runCli, StartupError } from "../server/boot.server";

/** `npm run worker`: the outbox worker alone, for deployments that run it as its own process(es). */
runCli(async () => {
  // PGlite is one process's database: on the embedded default the web process runs the worker.
  if (!process.env.DATABASE_URL) {
    throw new StartupError("npm run worker needs DATABASE_URL; on the embedded database, npm start runs the worker itself");
  }
  const booted = await boot({ migrate: false });
  const { database, mailer } = booted;
  const worker = outboxWorker(booted);
  worker.start();
  console.log(`Padauk outbox worker running · database: ${database.describe} · mail: ${mailer.describe}`);
  const shutdown = async () => {
    await worker.stop();
    mailer.close();
    await database.db.destroy();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
});
