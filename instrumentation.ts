// Runs once when the server starts: refuse to serve with an unsafe configuration
// (missing secrets in production, demo accounts without an explicit opt-in).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { productionProblems } = await import("@/lib/server/startup");
  if (process.env.NODE_ENV === "production") {
    const problems = productionProblems(process.env);
    if (problems.length) {
      console.error(`VitalGrid refuses to start in production. Missing or unsafe configuration:\n  - ${problems.join("\n  - ")}`);
      process.exit(1);
    }
    // admin module: no demo account with the public password may survive in production.
    if (process.env.VITALGRID_DEMO === "0" && process.env.DATABASE_URL && process.env.NEXT_PHASE !== "phase-production-build") {
      const { refuseDemoAccountsInProduction } = await import("@/lib/server/startup");
      void refuseDemoAccountsInProduction(process.env.DATABASE_URL);
    }
  }
  // people module: the background job worker (large imports and exports). Every instance
  // runs one; jobs are claimed with FOR UPDATE SKIP LOCKED, so they never collide.
  // VITALGRID_JOBS=0 turns it off (e.g. on instances that should only serve pages).
  if (process.env.VITALGRID_JOBS !== "0" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startJobWorker } = await import("@/lib/server/jobs");
    startJobWorker();
  }
  // dispatch module: the durable deadline timer (overdue escalation). Every instance runs
  // one; due deadlines are claimed with FOR UPDATE SKIP LOCKED and fire exactly once.
  // DISPATCH_TIMER=0 turns it off.
  if (process.env.DISPATCH_TIMER !== "0" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startDeadlineTimer } = await import("@/lib/dispatch/timers");
    startDeadlineTimer();
  }
}
