import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { boot, runCli, StartupError } from "../server/boot.server";
import { checkTargetCsv } from "../services/target-import.server";
import { createTargetList, findTargetList, importTargets, listEmails } from "../models/target.server";

/**
 * npm run targets:import -- --list <slug> --file targets.csv [--dry-run]
 *                           [--create "List name" --mode fixed|by_country]
 * Checks every row first; imports nothing unless all are valid.
 */
runCli(async () => {
  const { values } = parseArgs({
    options: {
      list: { type: "string" },
      file: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      create: { type: "string" },
      mode: { type: "string", default: "fixed" },
    },
  });
  if (!values.list || !values.file)
    throw new StartupError("usage: npm run targets:import -- --list <slug> --file <file.csv> [--dry-run] [--create <name> --mode fixed|by_country]");
  if (values.mode !== "fixed" && values.mode !== "by_country") throw new StartupError("--mode must be fixed or by_country");
  let csv: string;
  try {
    csv = readFileSync(values.file, "utf8");
  } catch (err) {
    throw new StartupError(`cannot read ${values.file}: ${(err as Error).message}`);
  }

  const { database } = await boot({ migrate: true });
  const db = database.db;
  try {
    let list = await findTargetList(db, values.list);
    if (!list && !values.create) throw new StartupError(`no target list "${values.list}"; add --create "<name>" to create it`);
    const { rows, problems } = checkTargetCsv(csv, list ? await listEmails(db, list.id) : new Set());
    if (problems.length) {
      for (const p of problems) console.error(`line ${p.line}: ${p.reason}`);
      throw new StartupError(`${problems.length} bad row(s) in ${values.file}; nothing imported`);
    }
    if (values["dry-run"]) {
      console.log(`dry run: all ${rows.length} rows are valid; nothing imported`);
      return;
    }
    list ??= await createTargetList(db, { slug: values.list, name: values.create!, mode: values.mode });
    const bar = new cliProgress.SingleBar(
      { format: "importing [{bar}] {value}/{total} targets", stream: process.stderr, noTTYOutput: true, notTTYSchedule: 500 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(rows.length, 0);
    await importTargets(db, list.id, rows, (done) => bar.update(done));
    bar.stop();
    console.log(`imported ${rows.length} targets into "${list.slug}"`);
  } finally {
    await db.destroy();
  }
});
