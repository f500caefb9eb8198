import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { ConfigError } from '../config/config.js';
import { hashPassword, passwordProblem, randomToken, sha256 } from '../serve/auth/secrets.js';
import { openStore } from '../store/db.js';
import { UserExistsError } from '../store/team/accounts.js';
import { openTeam, type Team } from '../store/team/team.js';
import { ROLES, type AuditActor, type Role } from '../store/team/types.js';
import { guard, withCommon } from './common.js';
import { configFrom, EXIT, printJson, type CommonOptions } from './runtime.js';

// Accounts from the server's own shell: how the first admin comes to exist, and the way back in when every
// admin has lost their password. Changes are audited as made by "cli:<system user>".

const cliActor = (): AuditActor => ({ userId: null, name: `cli:${userInfo().username}` });

function role(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new ConfigError(`Unknown role "${value}": one of ${ROLES.join(', ')}.`);
  }
  return value as Role;
}

async function readStdin(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) data += String(chunk);
  return data.replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
function prompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    out._writeToOutput = (s: string) => {
      if (!asked) process.stderr.write(s);
    };
    rl.question(question, (answer) => {
      process.stderr.write('\n');
      rl.close();
      resolve(answer);
    });
    asked = true;
  });
}

async function newPassword(opts: { passwordStdin?: boolean }, username: string): Promise<string> {
  let password: string;
  if (opts.passwordStdin) password = await readStdin();
  else if (process.stdin.isTTY) {
    password = await prompt(`Password for ${username}: `);
    if ((await prompt('Again: ')) !== password) throw new ConfigError('The two passwords differ.');
  } else throw new ConfigError('Give the password on stdin with --password-stdin, or run on a terminal.');
  const problem = passwordProblem(password, username);
  if (problem) throw new ConfigError(problem);
  return password;
}

async function withTeam<T>(opts: CommonOptions, body: (team: Team) => Promise<T>): Promise<T> {
  const store = await openStore(configFrom(opts));
  try {
    return await body(await openTeam(store));
  } finally {
    await store.close();
  }
}

type UserOptions = CommonOptions & { role?: string; passwordStdin?: boolean; displayName?: string };

export function registerUsers(program: Command): void {
  const users = program.command('users').description('accounts and roles (admin, analyst, viewer)');

  withCommon(
    users
      .command('add <name>')
      .description('create an account (the first one should be an admin)')
      .requiredOption('--role <role>', 'admin, analyst or viewer')
      .option('--display-name <text>', 'the name shown in the app')
      .option('--password-stdin', 'read the password from stdin instead of asking'),
  ).action((name: string, opts: UserOptions) =>
    guard(async () => {
      const r = role(opts.role ?? '');
      const password = await newPassword(opts, name);
      return withTeam(opts, async (team) => {
        try {
          const user = await team.accounts.createUser(
            {
              username: name,
              role: r,
              passwordHash: await hashPassword(password),
              displayName: opts.displayName ?? null,
            },
            cliActor(),
          );
          if (opts.json) printJson(user);
          else process.stdout.write(`Created ${user.username} (${user.role}).\n`);
          return EXIT.ok;
        } catch (err) {
          if (err instanceof UserExistsError)
            throw new ConfigError(`${err.message} Change it with \`watchfloor users set\`.`);
          throw err;
        }
      });
    }),
  );

  withCommon(users.command('list').description('list accounts')).action((opts: CommonOptions) =>
    guard(() =>
      withTeam(opts, async (team) => {
        const list = await team.accounts.listUsers();
        if (opts.json) printJson(list);
        else if (!list.length)
          process.stdout.write('No accounts: create one with `watchfloor users add NAME --role admin`.\n');
        else
          for (const u of list)
            process.stdout.write(`${u.username}\t${u.role}${u.disabled ? '\tdisabled' : ''}\n`);
        return EXIT.ok;
      }),
    ),
  );

  withCommon(
    users
      .command('set <name>')
      .description('change the role, reset the password, or disable/enable an account (ends its sessions)')
      .option('--role <role>', 'admin, analyst or viewer')
      .option('--password-stdin', 'read a new password from stdin')
      .option('--password', 'ask for a new password')
      .option('--disable', 'refuse its logins and tokens')
      .option('--enable', 'allow it again'),
  ).action((name: string, opts: UserOptions & { password?: boolean; disable?: boolean; enable?: boolean }) =>
    guard(() =>
      withTeam(opts, async (team) => {
        const found = await team.accounts.findForLogin(name);
        if (!found) throw new ConfigError(`No account named "${name}": see \`watchfloor users list\`.`);
        const change = {
          ...(opts.role ? { role: role(opts.role) } : {}),
          ...(opts.disable ? { disabled: true } : opts.enable ? { disabled: false } : {}),
          ...(opts.password || opts.passwordStdin
            ? { passwordHash: await hashPassword(await newPassword(opts, found.user.username)) }
            : {}),
        };
        if (!Object.keys(change).length)
          throw new ConfigError('Nothing to change: give --role, --password, --disable or --enable.');
        const user = await team.accounts.updateUser(found.user.id, change, cliActor());
        if (opts.json) printJson(user);
        else
          process.stdout.write(
            `Updated ${user?.username} (${user?.role}${user?.disabled ? ', disabled' : ''}).\n`,
          );
        return EXIT.ok;
      }),
    ),
  );

  withCommon(
    users
      .command('token <name>')
      .description('create an API token for scripts (Authorization: Bearer …); the secret is printed once')
      .requiredOption('--label <text>', 'what the token is for')
      .option('--role <role>', 'the token’s role, at most the account’s (default: the account’s)'),
  ).action((name: string, opts: UserOptions & { label: string }) =>
    guard(() =>
      withTeam(opts, async (team) => {
        const found = await team.accounts.findForLogin(name);
        if (!found) throw new ConfigError(`No account named "${name}": see \`watchfloor users list\`.`);
        const r = opts.role ? role(opts.role) : found.user.role;
        if (ROLES.indexOf(r) > ROLES.indexOf(found.user.role)) {
          throw new ConfigError(`A token cannot have more than the account's role (${found.user.role}).`);
        }
        const secret = randomToken('wf_');
        const token = await team.accounts.createToken(
          { userId: found.user.id, name: opts.label, tokenHash: sha256(secret), role: r },
          cliActor(),
        );
        if (opts.json) printJson({ token, secret });
        else process.stdout.write(`${secret}\n`);
        return EXIT.ok;
      }),
    ),
  );
}
