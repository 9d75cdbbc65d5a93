/*
 * reaper: run a superserver as a child subreaper, so that the CPU time and
 * page faults of every process of every connection are accounted somewhere
 * readable while it runs.
 *
 *     reaper prog [args...]
 *
 * tcpserver waits for the process it forked for a connection, so that
 * process's usage (and that of the descendants it waited for) lands in
 * tcpserver's cutime/cstime/cminflt (/proc/PID/stat fields 16, 17 and 11).
 * A descendant that nobody waits for (e.g. a child left behind by a wrapper
 * that exits first) would be reparented to init and its usage lost; with
 * PR_SET_CHILD_SUBREAPER it is reparented to this process instead, which
 * reaps it, so it shows in this process's cutime/cstime/cminflt.  The bench
 * reads both.
 *
 * SIGTERM, SIGINT and SIGHUP are passed on to prog.  When prog has exited,
 * orphans still running get 2 s to finish, then SIGKILL.  Exit status: 0
 * when prog exited (whatever its status), 111 on a system error.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarmed;
static volatile pid_t child = -1;

static void
on_signal(int sig)
{
	if (child > 0)
		kill(child, sig);	/* async-signal-safe */
}

static void
on_alarm(int sig)
{
	(void)sig;
	alarmed = 1;
	alarm(1);	/* again, should the first land before waitpid */
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	pid_t pid;
	int status;

	if (argc < 2) {
		fprintf(stderr, "usage: reaper prog [args...]\n");
		return 100;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
		perror("reaper: PR_SET_CHILD_SUBREAPER");
		return 111;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;	/* no SA_RESTART: waitpid returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);

	/* Signals held until child is set, so none is lost in between. */
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pid = fork();
	if (pid < 0) {
		perror("reaper: fork");
		return 111;
	}
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		execvp(argv[1], argv + 1);
		fprintf(stderr, "reaper: cannot run %s: %s\n", argv[1],
		    strerror(errno));
		_exit(111);
	}
	child = pid;
	sigprocmask(SIG_SETMASK, &old, NULL);
	for (;;) {
		if (alarmed)
			break;
		pid = waitpid(-1, &status, 0);
		if (pid > 0 && pid == child) {
			child = -1;
			alarm(2);	/* orphans: 2 s to finish */
		} else if (pid < 0 && errno == ECHILD) {
			return 0;
		} else if (pid < 0 && errno != EINTR) {
			perror("reaper: waitpid");
			return 111;
		}
	}
	/* Orphans that outlived the grace period: our own descendants. */
	{
		char path[64];
		FILE *f;
		int p;

		snprintf(path, sizeof path, "/proc/%d/task/%d/children",
		    (int)getpid(), (int)getpid());
		f = fopen(path, "r");
		while (f != NULL && fscanf(f, "%d", &p) == 1)
			kill(p, SIGKILL);
		if (f != NULL)
			fclose(f);
		while (waitpid(-1, &status, 0) > 0 || errno == EINTR)
			;
	}
	return 0;
}
