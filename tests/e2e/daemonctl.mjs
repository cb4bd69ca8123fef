// SPDX-License-Identifier: ISC — Rostra
// Starting a daemon of its own for a test, beside the stack's: on a private
// unix socket (or TCP, or a socket handed over by a launcher), with the
// stack's database and a config file of the test's choosing.
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { STACK } from './helpers.mjs';

export const BUILD = process.env.ROSTRA_BUILD || 'build';
export const ROSTRA = join(BUILD, 'rostra');
// The daemon's role (rostra_app); migrations and the tests' own SQL run as the schema's owner.
export const DB_URL = execFileSync('sh', ['scripts/pg.sh', 'url', STACK], { encoding: 'utf8' }).trim();
export const OWNER_URL = execFileSync('sh', ['scripts/pg.sh', 'owner-url', STACK], { encoding: 'utf8' }).trim();

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(what, check, ms = 10000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  assert.fail(`timed out waiting for ${what}`);
}

export function tempDir(t, prefix = 'rostra-t-') {
  const dir = mkdtempSync(join('/tmp', prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function configFile(t, text) {
  const file = join(tempDir(t, 'rostra-conf-'), 'rostra.conf');
  writeFileSync(file, text);
  return file;
}

// Starts "rostra serve" with two workers. opts: port (TCP instead of a unix
// socket), config (text of a config file, or configPath), env (more
// variables), logFile (the config's log_file), inherit: 'fd0' or 'systemd'
// (a launcher binds the unix socket and hands it over, as spawn-fcgi and
// systemd do), deaths (how many workers the test kills or crashes on
// purpose: a number, or 'any'; default 0).
// When the test ends the daemon is stopped (SIGTERM, so a sanitizer build
// reports leaks at exit) and its log must hold no sanitizer report and
// exactly `deaths` crashed workers: a crash no assertion looked for still
// fails the test.
export async function startDaemon(t, opts = {}) {
  const socket = opts.port ? `127.0.0.1:${opts.port}` : join(STACK, 'run', `t-${randomBytes(4).toString('hex')}.sock`);
  const configPath = opts.configPath || (opts.config ? configFile(t, opts.config) : '');
  const env = {
    // Every test signs up from one address: no sign-up limit unless a test sets one.
    ...process.env, ROSTRA_SIGNUP_ADDRESS_MAX: '0',
    ROSTRA_SOCKET: socket, ROSTRA_DATABASE_URL: DB_URL, ROSTRA_WORKERS: '2',
    ROSTRA_CONFIG: configPath, ROSTRA_KEYRING: join(STACK, 'keyring'), ...opts.env,
  };
  let argv = [ROSTRA, 'serve'];
  if (opts.inherit) {
    // Perl (perl-base: always there) binds, puts the socket on fd 0 or 3, and execs.
    env.ROSTRA_SOCKET = opts.inherit === 'fd0' ? 'fd:0' : '/nonexistent/never-bound.sock';
    // $^F: descriptors perl opens stay open across exec (the socket may be fd 3 itself).
    const script = 'use IO::Socket::UNIX; use POSIX; $^F = 255; my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), '
      + 'Local => shift, Listen => 64) or die "bind: $!"; my $fd = shift; POSIX::dup2(fileno($s), $fd) '
      + 'or die; if ($fd == 3) { $ENV{LISTEN_FDS} = 1; $ENV{LISTEN_PID} = $$; } exec @ARGV or die;';
    argv = ['perl', '-e', script, socket, opts.inherit === 'fd0' ? '0' : '3', ROSTRA, 'serve'];
  }
  const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const target = opts.port ? { host: '127.0.0.1', port: opts.port } : socket;
  // With a log_file the daemon's lines go there, not to standard error.
  const logged = () => (opts.logFile ? (existsSync(opts.logFile) ? readFileSync(opts.logFile, 'utf8') : '') : log);
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const late = setTimeout(() => child.kill('SIGKILL'), 15000);
      await exited;
      clearTimeout(late);
    }
    checkDaemonLog(opts.logFile ? log + logged() : log, opts.deaths ?? 0);
  });
  await until('the daemon to listen', () => /listening on/.test(logged()) && (opts.port || existsSync(socket)));
  return { child, socket: target, exited, log: () => log, configPath };
}

const SANITIZER = /ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|AddressSanitizer:DEADLYSIGNAL/;
const CRASH = /worker \d+ (killed by signal \d+|exited with status \d+); replacing it/g;

// A test's daemon log: no sanitizer report, and the workers that crashed
// are exactly the ones the test meant (deaths: a number or 'any').
export function checkDaemonLog(text, deaths) {
  const report = SANITIZER.exec(text);
  assert.equal(report, null, `the daemon's log has a sanitizer report:\n${text.slice(Math.max(0, (report?.index ?? 0) - 200), (report?.index ?? 0) + 2000)}`);
  if (deaths === 'any') return;
  const crashes = text.match(CRASH) || [];
  assert.equal(crashes.length, deaths, `workers crashed: ${crashes.join('; ') || 'none'} (expected ${deaths})`);
}

// The worker processes of the daemon with this pid.
export function workers(pid) {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return out ? out.split('\n').map(Number) : [];
}

export function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
