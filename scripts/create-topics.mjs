#!/usr/bin/env node
// Creates the project's Kafka topics (the broker runs with auto.create.topics.enable=false).
//
//   node scripts/create-topics.mjs                 wait (bounded, 30 s) for the broker, create missing topics
//   node scripts/create-topics.mjs --wait 90       same, waiting up to 90 s for the broker to answer listTopics
//   node scripts/create-topics.mjs --wait 90 --no-create   readiness check only (exit 0 when the broker answers)
//   node scripts/create-topics.mjs --check         one quick readiness probe, no retries (exit 0/1)
//
// Topics come from libs/contracts/src/topics.json: [{ "name": string, "partitions": number }, ...]
// (created with a default when missing). Brokers come from KAFKA_BROKERS (default 127.0.0.1:19092).
// Idempotent: existing topics are left as they are (a partition count lower than requested is reported).
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TOPICS_FILE = join(ROOT, 'libs/contracts/src/topics.json');
const DEFAULT_TOPICS = [{ name: 'identity.internal.identity.events.v1', partitions: 3 }];

function fail(sentence) {
  process.stderr.write(`create-topics: ${sentence}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { wait: 30, create: true, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--wait' || a.startsWith('--wait=')) {
      const v = a.includes('=') ? a.slice(7) : argv[i + 1] && /^\d+$/.test(argv[i + 1]) ? argv[++i] : '90';
      opts.wait = Number(v);
      if (!Number.isFinite(opts.wait) || opts.wait < 0) fail(`--wait needs a number of seconds, got "${v}".`);
    } else if (a === '--no-create') opts.create = false;
    else if (a === '--check') opts.check = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node scripts/create-topics.mjs [--wait SECONDS] [--no-create] [--check]\n');
      process.exit(0);
    } else fail(`unknown argument "${a}" (use --wait SECONDS, --no-create or --check).`);
  }
  return opts;
}

function loadTopics() {
  if (!existsSync(TOPICS_FILE)) {
    mkdirSync(dirname(TOPICS_FILE), { recursive: true });
    writeFileSync(TOPICS_FILE, JSON.stringify(DEFAULT_TOPICS, null, 2) + '\n');
    process.stdout.write(`create-topics: ${relative(ROOT, TOPICS_FILE)} was missing; wrote the default topic list\n`);
  }
  let list;
  try {
    list = JSON.parse(readFileSync(TOPICS_FILE, 'utf8'));
  } catch (e) {
    fail(`${relative(ROOT, TOPICS_FILE)} is not valid JSON (${e.message}).`);
  }
  if (!Array.isArray(list)) fail(`${relative(ROOT, TOPICS_FILE)} must be a JSON array of { "name", "partitions" } objects.`);
  const seen = new Set();
  return list.map((t, i) => {
    if (!t || typeof t.name !== 'string' || !/^[A-Za-z0-9._-]{1,249}$/.test(t.name)) {
      fail(`entry ${i} of ${relative(ROOT, TOPICS_FILE)} has no valid "name" (letters, digits, ".", "_", "-").`);
    }
    if (!Number.isInteger(t.partitions) || t.partitions < 1) {
      fail(`topic ${t.name} in ${relative(ROOT, TOPICS_FILE)} needs an integer "partitions" >= 1.`);
    }
    if (seen.has(t.name)) fail(`topic ${t.name} is listed twice in ${relative(ROOT, TOPICS_FILE)}.`);
    seen.add(t.name);
    const configEntries = t.config && typeof t.config === 'object'
      ? Object.entries(t.config).map(([name, value]) => ({ name, value: String(value) }))
      : [];
    return { topic: t.name, numPartitions: t.partitions, replicationFactor: 1, configEntries };
  });
}

function loadKafkajs() {
  const require = createRequire(join(ROOT, 'package.json'));
  try {
    return require('kafkajs');
  } catch {
    fail('kafkajs is not installed (node_modules/kafkajs is missing); run npm ci first.');
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:19092').split(',').map((s) => s.trim()).filter(Boolean);
  const topics = opts.check || !opts.create ? [] : loadTopics();
  const { Kafka, logLevel } = loadKafkajs();

  const kafka = new Kafka({
    clientId: 'gatehouse-create-topics',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { retries: 0 },
  });

  // Readiness: the broker answers a metadata request (listTopics). Bounded by --wait.
  const deadline = Date.now() + (opts.check ? 0 : opts.wait * 1000);
  let admin;
  let existing;
  let lastError;
  for (;;) {
    admin = kafka.admin();
    try {
      await admin.connect();
      existing = new Set(await admin.listTopics());
      break;
    } catch (e) {
      lastError = e;
      await admin.disconnect().catch(() => {});
      if (Date.now() >= deadline) {
        fail(`Kafka at ${brokers.join(',')} did not answer listTopics within ${opts.check ? 0 : opts.wait}s (${lastError?.message ?? 'no answer'}).`);
      }
      await sleep(500);
    }
  }

  try {
    if (opts.check || !opts.create) {
      process.stdout.write(`create-topics: Kafka at ${brokers.join(',')} is ready (${existing.size} topics)\n`);
      return;
    }
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      // creation right after a cold start can hit a not-yet-ready controller: retry, bounded
      const createDeadline = Date.now() + 30000;
      for (;;) {
        try {
          await admin.createTopics({ topics: missing, waitForLeaders: true, timeout: 15000 });
          break;
        } catch (e) {
          const already = e?.errors?.every?.((x) => x?.type === 'TOPIC_ALREADY_EXISTS');
          if (already) break;
          if (Date.now() >= createDeadline) {
            fail(`could not create topics ${missing.map((t) => t.topic).join(', ')} on ${brokers.join(',')} (${e.message}).`);
          }
          await sleep(500);
        }
      }
    }
    // Report partition counts, flag topics that exist with fewer partitions than asked for.
    const meta = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) });
    const counts = new Map(meta.topics.map((t) => [t.name, t.partitions.length]));
    for (const t of topics) {
      const have = counts.get(t.topic);
      if (have !== undefined && have < t.numPartitions) {
        process.stderr.write(
          `create-topics: warning: topic ${t.topic} exists with ${have} partitions, topics.json asks for ${t.numPartitions} (left unchanged).\n`,
        );
      }
    }
    // Warm-up: make the broker create __consumer_offsets now (a group-coordinator lookup does that), so
    // the first consumer group of a test or service does not meet "group coordinator not available".
    const warmDeadline = Date.now() + 20000;
    for (;;) {
      try {
        await admin.describeGroups(['gatehouse-warmup']);
        break;
      } catch (e) {
        if (Date.now() >= warmDeadline) {
          process.stderr.write(`create-topics: warning: group coordinator not available yet (${e.message}).\n`);
          break;
        }
        await sleep(250);
      }
    }
    const created = missing.map((t) => t.topic);
    const kept = topics.filter((t) => existing.has(t.topic)).map((t) => t.topic);
    process.stdout.write(
      `create-topics: ${topics.length} topic(s) on ${brokers.join(',')}` +
        (created.length ? `; created: ${created.join(', ')}` : '') +
        (kept.length ? `; already present: ${kept.join(', ')}` : '') +
        '\n',
    );
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

main().catch((e) => fail(`unexpected error: ${e?.message ?? e}.`));
