import { CairnError } from '@cairn/core';
import type { RunLink } from '@cairn/core';
import type { FailMode, Recorder } from '@cairn/sdk';
import { locals } from '@trigger.dev/sdk';
import type { LocalsKey, TaskRunContext } from '@trigger.dev/sdk';
import type { CairnTriggerConfig } from './options.js';
import { runLinkFromContext } from './run-link.js';
import { resolveTriggerOrigin } from './run-url.js';
import { AttemptEntries, trackingView } from './tracking.js';

/** What the lifecycle hooks saw of the attempt; the middleware reads it once `next()` has resolved. */
export type AttemptOutcome = {
  /** `onSuccess` ran: the run succeeded with this attempt. */
  succeeded: boolean;
  /** `onComplete` ran: this was the run's last attempt. */
  completed: boolean;
  /** The error `catchError` saw, when the global hooks were reached. */
  caught: { readonly error: unknown } | undefined;
  /** The failed-attempt event is recorded (by `onFailure`, or by the middleware after `next()`). */
  failureRecorded: boolean;
};

/**
 * The state of one attempt under Cairn: the run link built from `ctx`, the recorder view bound to it, the entries
 * recorded through that view, and what the lifecycle hooks saw. Lives in Trigger.dev `locals`, which the run
 * worker resets between executions and which hold one execution at a time.
 */
export class AttemptSession {
  readonly ctx: TaskRunContext;
  readonly run: RunLink;
  readonly config: CairnTriggerConfig;
  readonly entries = new AttemptEntries();
  readonly recorder: Recorder<FailMode>;
  readonly outcome: AttemptOutcome = {
    succeeded: false,
    completed: false,
    caught: undefined,
    failureRecorded: false,
  };
  #active = true;

  constructor(ctx: TaskRunContext, config: CairnTriggerConfig) {
    this.ctx = ctx;
    this.config = config;
    this.run = runLinkFromContext(ctx, { triggerOrigin: config.triggerOrigin ?? resolveTriggerOrigin() });
    this.recorder = trackingView(config.recorder.with({ run: this.run }), this.entries);
  }

  /** False once the attempt has ended: late callbacks must not touch the next run's state. */
  get active(): boolean {
    return this.#active;
  }

  end(): void {
    this.#active = false;
  }
}

// Trigger.dev keys locals by Symbol.for(id), process-wide, so the id is namespaced (reference §4). Created on
// first use, not at import: the package has no top-level side effects.
let sessionKey: LocalsKey<AttemptSession> | undefined;

function key(): LocalsKey<AttemptSession> {
  sessionKey ??= locals.create<AttemptSession>('@cairn/trigger/attempt');
  return sessionKey;
}

/** Starts the attempt's session, or returns undefined when an outer Cairn middleware already started one. */
export function openSession(ctx: TaskRunContext, config: CairnTriggerConfig): AttemptSession | undefined {
  const existing = currentSession();
  if (existing !== undefined && existing.active && existing.ctx.run.id === ctx.run.id) return undefined;
  return locals.set(key(), new AttemptSession(ctx, config));
}

/** The session of the attempt running now, if Cairn's middleware opened one. */
export function currentSession(): AttemptSession | undefined {
  const session = locals.get(key());
  return session?.active === true ? session : undefined;
}

/**
 * The Cairn recorder of the task attempt running now, bound to its run: every entry it records carries the run
 * link (run id, task, attempt, project, environment, tags, parent and root runs, dashboard URL, other ids), and
 * the end of the attempt waits (boundedly) for it to be stored. Call it inside `run`, a hook or a middleware that
 * runs after Cairn's. Pass the fail mode of the recorder you registered as the type argument when it is
 * `'closed'`.
 *
 * @throws CairnError `config` outside a task attempt that Cairn's middleware wraps.
 * @example
 * const { id } = getCairn().decision({
 *   type: 'loan.underwriting', context, alternatives, chosen: { label: 'refer' }, aiRole: 'advisory',
 * });
 */
export function getCairn<M extends FailMode = 'open'>(): Recorder<M> {
  const session = currentSession();
  if (session === undefined) {
    throw new CairnError(
      'config',
      'getCairn(): no Cairn session in this attempt; call registerCairn() from trigger/init.ts or set ' +
        '`middleware: cairnMiddleware(…)` on the task, and call getCairn() inside the run',
    );
  }
  return session.recorder as Recorder<M>;
}
