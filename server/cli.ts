// The `assay` command line: migrate, serve, import, user and token creation, demo data, backup and restore,
// retention purge, audit-trail check.
import { createReadStream, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { desc } from "drizzle-orm";
import { systemClock } from "./clock.js";
import { defaultDatabaseUrl, openDatabase } from "./db/client.js";
import { auditTrail, roles, type Role } from "./db/schema.js";
import { createApiToken, createUser } from "./auth/users.js";
import { AppError } from "./errors.js";
import { importTicketsCsv } from "./ingest/csv-import.js";
import { prepareDatabase } from "./startup.js";

const usage = `Usage: assay <command> [options]

Commands:
  serve                                  run the server without demo data (PORT, DATABASE_URL)
  migrate                                apply database migrations
  demo                                   load the demo data set into an empty database
  import tickets FILE.csv                import tickets from a CSV file (streamed, all-or-nothing)
  import tickets FILE --format F         import another system's export: F is servicenow, servicenow-history,
         [--mapping MAP.json] [--map FIELD=COLUMN …] [--timezone TZ] [--service NAME] [--dry-run]
                                         jsm, zammad, glpi, rt or assay (see README, "Importing from your
                                         ticketing system"); --dry-run writes nothing and reports
  user create --email E --role ROLE      create a user; the password is read from stdin
  token create --name NAME --role ROLE   create an API token; printed once, alone on the last line
  backup FILE                            write a consistent copy of the database to FILE
  restore FILE                           replace the database with a backup (stop the server first);
                                         the replaced database is kept as <database>.before-restore-<time>
  purge --before DATE [--dry-run]        hard-delete soft-deleted tickets last active before DATE;
                                         refused for records younger than three years
  verify-audit-trail                     check the SHA-256 chain of the audit trail
  verify-run ID                          re-perform a completed run on the data as it stood when it ran;
                                         exit 0 when every result is identical, else 2 with the differences

Roles: ${roles.join(", ")}`;

async function open() {
  const database = await openDatabase(process.env.DATABASE_URL ?? defaultDatabaseUrl, process.env.DATABASE_AUTH_TOKEN);
  await prepareDatabase(database, systemClock);
  return database;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

function parseRole(value: string | undefined): Role {
  if (!value || !(roles as readonly string[]).includes(value)) throw new AppError("invalid", 400, `--role must be one of ${roles.join(", ")}`);
  return value as Role;
}

function progressBar(done: number, total: number, rows: number, started: number): string {
  const width = 30;
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * width);
  const secs = (Date.now() - started) / 1000;
  const rate = secs > 0 ? Math.round(rows / secs) : 0;
  return `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${rows.toLocaleString("en")} rows  ${rate.toLocaleString("en")} rows/s`;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "serve": {
      const { runServer } = await import("./main.js");
      await runServer({ demo: rest.includes("--demo") });
      return -1; // keep running
    }
    case "migrate": {
      const database = await open();
      database.close();
      console.log("migrations applied");
      return 0;
    }
    case "demo": {
      const database = await open();
      const { loadDemoIfEmpty } = await import("./demo/load.js");
      await loadDemoIfEmpty(database, systemClock, (l) => console.log(l));
      database.close();
      return 0;
    }
    case "import": {
      const presets = await import("./ingest/presets/command.js");
      if (rest.some((a) => presets.presetOptions.includes(a.split("=")[0]))) {
        const database = await open();
        try {
          const started = Date.now();
          const tty = process.stderr.isTTY;
          const code = await presets.importTicketsCommand(
            rest,
            (use) => use(database.db, systemClock.now()),
            (file) => {
              const total = statSync(file).size;
              return (p) => {
                const line = progressBar(p.bytes, total, p.rows, started);
                if (tty) process.stderr.write(line);
                else if (p.rows % 100_000 === 0) process.stderr.write(line.trimStart() + "\n");
              };
            },
          );
          if (tty) process.stderr.write("\n");
          return code;
        } finally {
          database.close();
        }
      }
      const [entity, file] = rest;
      if (entity !== "tickets" || !file) throw new AppError("invalid", 400, "usage: assay import tickets FILE.csv");
      const total = statSync(file).size;
      const database = await open();
      const started = Date.now();
      const tty = process.stderr.isTTY;
      try {
        const result = await importTicketsCsv(database.db, systemClock.now(), "cli", createReadStream(file, { highWaterMark: 256 * 1024 }), {
          sourceName: `cli:${file}`,
          onProgress: (p) => {
            const line = progressBar(p.bytes, total, p.rows, started);
            if (tty) process.stderr.write(line);
            else if (p.rows % 100_000 === 0) process.stderr.write(line.trimStart() + "\n");
          },
        });
        if (tty) process.stderr.write("\n");
        const secs = (Date.now() - started) / 1000;
        console.log(`imported ${file}: received ${result.received}, inserted ${result.inserted}, updated ${result.updated}, unchanged ${result.received - result.inserted - result.updated} in ${secs.toFixed(1)} s`);
        console.log(JSON.stringify(result));
      } finally {
        database.close();
      }
      return 0;
    }
    case "user": {
      const { values, positionals } = parseArgs({ args: rest, options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, "password-stdin": { type: "boolean" } }, allowPositionals: true });
      if (positionals[0] !== "create") throw new AppError("invalid", 400, "usage: assay user create --email E --role ROLE < password");
      const password = await readStdin();
      const database = await open();
      try {
        const user = await createUser(database.db, systemClock.now(), "cli", { email: values.email, name: values.name, role: parseRole(values.role), password });
        console.log(`created user ${user.email} (${user.role})`);
      } finally {
        database.close();
      }
      return 0;
    }
    case "token": {
      const { values, positionals } = parseArgs({ args: rest, options: { name: { type: "string" }, role: { type: "string" } }, allowPositionals: true });
      if (positionals[0] !== "create") throw new AppError("invalid", 400, "usage: assay token create --name NAME --role ROLE");
      const database = await open();
      try {
        const token = await createApiToken(database.db, systemClock.now(), "cli", { name: values.name, role: parseRole(values.role) });
        console.log(`token "${token.name}" (${token.role}) created; it is shown once:`);
        console.log(token.token);
      } finally {
        database.close();
      }
      return 0;
    }
    case "backup": {
      const [file] = rest;
      if (!file) throw new AppError("invalid", 400, "usage: assay backup FILE");
      const database = await open();
      try {
        const { backupDatabase } = await import("./operations/backup.js");
        await backupDatabase(database, file);
        console.log(`backup written to ${file}`);
      } finally {
        database.close();
      }
      return 0;
    }
    case "restore": {
      const [file] = rest;
      if (!file) throw new AppError("invalid", 400, "usage: assay restore FILE (stop the server first)");
      const { restoreDatabase } = await import("./operations/restore.js");
      const result = await restoreDatabase(file, process.env.DATABASE_URL ?? defaultDatabaseUrl, systemClock.now());
      const database = await open(); // a backup from an older version is migrated now, not at the next start
      database.close();
      console.log(`restored ${result.target} from ${file}: ${result.tickets} tickets, audit trail intact (${result.auditEntries} entries)`);
      if (result.previous) console.log(`the replaced database was kept as ${result.previous}`);
      return 0;
    }
    case "purge": {
      const { values } = parseArgs({ args: rest, options: { before: { type: "string" }, "dry-run": { type: "boolean" } } });
      if (!values.before) throw new AppError("invalid", 400, "usage: assay purge --before DATE [--dry-run]");
      const database = await open();
      try {
        const { purgeDeletedTickets } = await import("./operations/retention.js");
        const result = await purgeDeletedTickets(database.db, systemClock.now(), "cli", { before: values.before, dryRun: values["dry-run"] });
        console.log(`${result.dryRun ? "would purge" : "purged"} ${result.purged} soft-deleted tickets last active before ${result.cutoff}`);
        console.log(JSON.stringify({ purged: result.purged, cutoff: result.cutoff, dry_run: result.dryRun }));
      } finally {
        database.close();
      }
      return 0;
    }
    case "verify-audit-trail": {
      // opened without migrating or seeding: a check must not append to the trail it checks
      const database = await openDatabase(process.env.DATABASE_URL ?? defaultDatabaseUrl, process.env.DATABASE_AUTH_TOKEN);
      try {
        const { verifyAuditTrail } = await import("./audit-trail.js");
        const check = await verifyAuditTrail(database.db);
        if (check.ok) {
          const [head] = await database.db.select({ id: auditTrail.id, hash: auditTrail.hash }).from(auditTrail).orderBy(desc(auditTrail.id)).limit(1);
          // the head hash, noted elsewhere from time to time, also reveals entries cut off the end
          console.log(`audit trail intact: ${check.entries} entries${head ? `; head entry ${head.id} hash ${head.hash}` : ""}`);
          return 0;
        }
        console.log(`audit trail BROKEN${check.brokenAt === null ? "" : ` at entry ${check.brokenAt}`}: ${check.reason}`);
        return 2;
      } finally {
        database.close();
      }
    }
    case "verify-run": {
      const raw = rest[0] ?? "";
      if (!/^[1-9]\d{0,15}$/.test(raw)) throw new AppError("invalid", 400, "usage: assay verify-run RUN_ID");
      const runId = Number(raw);
      // opened without migrating or seeding: a check changes nothing
      const database = await openDatabase(process.env.DATABASE_URL ?? defaultDatabaseUrl, process.env.DATABASE_AUTH_TOKEN);
      try {
        const { verifyRun } = await import("../audits/verify-run.js");
        const check = await verifyRun(database, runId);
        if (check.differences.length === 0) {
          console.log(`run ${runId} reproduced: ${check.identical} results identical (data revision ${check.dataRevision})`);
          return 0;
        }
        console.log(`run ${runId} NOT reproduced on data revision ${check.dataRevision}: ${check.identical} of ${check.compared} results identical; ${check.differences.length} differences`);
        for (const d of check.differences) console.log(`  ${d.ruleId} ${d.field}: stored ${JSON.stringify(d.stored)}, re-performed ${JSON.stringify(d.reproduced)}`);
        return 2;
      } finally {
        database.close();
      }
    }
    case undefined:
    case "help":
    case "--help":
      console.log(usage);
      return 0;
    default:
      console.error(`unknown command "${command}"\n\n${usage}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e) => {
    if (e instanceof AppError) {
      console.error(`error: ${e.message}`);
      for (const i of e.issues.slice(0, 20)) console.error(`  ${i.path}: ${i.message}`);
    } else console.error(e);
    process.exit(1);
  },
);
