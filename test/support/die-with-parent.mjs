// Preloaded (--import) into the processes the tests spawn: when the test run that started
// one dies (a CI timeout, a Ctrl-C), the child stops too, instead of polling the run's
// database and Redis keys forever. SIGTERM first (graceful shutdown), SIGKILL if that hangs.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid === parent) return;
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 15_000).unref();
}, 1_000).unref();
