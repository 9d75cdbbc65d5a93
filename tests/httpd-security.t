#!/bin/bash
# httpd-lite: nothing outside the document root, whatever the request says;
# dotfiles, symlinks, permissions, virtual hosts, root refusal, chroot,
# privilege drop, Landlock.
. "$(dirname "$0")/lib.sh"
[ -x "$HTTPD" ] || skip_all "httpd-lite not built"

R=$T_TMP/root
mkdir -p "$R/pub/.well-known/acme" "$R/pub/d" "$R/pub/.git" "$R/vh/example.com" "$R/vh/other.org"
printf 'SECRET\n' >"$R/secret.txt"
printf 'public\n' >"$R/pub/index.txt"
printf 'token\n' >"$R/pub/.well-known/acme/t"
printf 'git\n' >"$R/pub/.git/config"
printf 'dot\n' >"$R/pub/.env"
printf 'mine\n' >"$R/pub/private.txt"
printf 'ex\n' >"$R/vh/example.com/index.html"
printf 'ot\n' >"$R/vh/other.org/index.html"
chmod -R a+rX "$R"
chmod o-r "$R/pub/private.txt"
ln -s ../secret.txt "$R/pub/escape"
ln -s /etc/passwd "$R/pub/passwd"
ln -s index.txt "$R/pub/alias.txt"
ln -s .. "$R/pub/d/up"
mkfifo "$R/pub/fifo"
chmod a+r "$R/pub/fifo"
P=$R/pub
H='Host: x\r\n'

st() { hl_status "$(hl "$P" "GET $1 HTTP/1.1\r\n$H\r\n" "${@:2}")"; }

is "$(st /index.txt)" 200 "a plain file is served"
for t in /../secret.txt /%2e%2e/secret.txt /%2E%2E/secret.txt /d/../../secret.txt \
	/d/%2e%2e/%2e%2e/secret.txt /./index.txt '/..%2fsecret.txt' '/d%2f..%2f..%2fsecret.txt' \
	'/..\\secret.txt' '/..%5csecret.txt' '/index.txt%00.html' \
	'/%' '/%g0' '//../secret.txt'; do
	is "$(st "$t")" 400 "refused: $t"
done
out=$(hl "$P" "GET http://x/../secret.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_status "$out")" 400 "refused: absolute-form with .."
out=$(hl "$P" "GET /../secret.txt HTTP/1.1\r\n$H\r\n")
is "$(printf '%s' "$out" | grep -c SECRET)" 0 "no byte of the file outside leaks"
for t in //etc/passwd //index.txt /d//index.txt /d//; do
	is "$(st "$t")" 404 "empty segment, names no file: $t: 404"
done
is "$(st /.git/config)" 404 "dotfile directory: 404"
is "$(st /.env)" 404 "dotfile: 404"
is "$(st /%2eenv)" 404 "encoded dotfile: 404"
is "$(st /.well-known/acme/t)" 200 "/.well-known/ is served"
is "$(st /d/.well-known)" 404 ".well-known only at the top"
is "$(st /escape)" 404 "symlink out of the root: 404"
is "$(st /passwd)" 404 "absolute symlink out of the root: 404"
is "$(st /d/up/secret.txt)" 404 "directory symlink out of the root: 404"
is "$(st /alias.txt)" 200 "symlink inside the root is followed"
is "$(st /private.txt)" 403 "file not world-readable: 403"
is "$(st /fifo)" 404 "FIFO: 404, and no hang"

# Virtual hosts.
vh() { hl "$R/vh" "GET / HTTP/1.1\r\nHost: $1\r\n\r\n" -v; }
out=$(vh example.com)
is "$(hl_status "$out") $(hl_body "$out")" "200 ex" "-v: docroot/HOST"
is "$(hl_body "$(vh EXAMPLE.com:8080)")" "ex" "-v: host lowercased, port stripped"
is "$(hl_body "$(vh other.org)")" "ot" "-v: another host"
is "$(hl_status "$(vh nosuch.org)")" 404 "-v: unknown host: 404"
for h in '..' '.example.com' 'example.com.' 'a..b' '-a.com' 'a_b.com' '[::1]' 'a%2fb'; do
	is "$(hl_status "$(vh "$h")")" 400 "-v: host $h refused"
done
out=$(hl "$R/vh" "GET http://Other.ORG/ HTTP/1.1\r\nHost: example.com\r\n\r\n" -v)
is "$(hl_body "$out")" "ot" "-v: absolute-form host wins over Host"
out=$(hl "$R/vh" "GET / HTTP/1.0\r\n\r\n" -v)
is "$(hl_status "$out")" 400 "-v: HTTP/1.0 without Host: 400"

# Root, chroot, users.
printf 'GET / HTTP/1.0\r\n\r\n' | "$HTTPD" "$P" >/dev/null 2>"$T_TMP/err"
is "$?" 100 "as root without -R or -u: exit 100"
like "$(cat "$T_TMP/err")" '^httpd-lite: refusing to serve as root' "...saying why"
out=$(printf 'GET /index.txt HTTP/1.0\r\n\r\n' | "$HTTPD" -u nobody "$P" 2>/dev/null)
is "$(hl_status "$out")" 200 "-u nobody serves"
out=$(printf 'GET /private.txt HTTP/1.0\r\n\r\n' | "$HTTPD" -u nobody "$P" 2>/dev/null)
is "$(hl_status "$out")" 403 "-u nobody: file unreadable by nobody: 403"
out=$(printf 'GET /index.txt HTTP/1.0\r\n\r\n' | "$HTTPD" -r -u nobody "$P" 2>/dev/null)
is "$(hl_status "$out") $(hl_body "$out")" "200 public" "-r -u nobody: chroot and serve"
printf '' | "$HTTPD" -u no-such-user-xyz "$P" >/dev/null 2>&1
is "$?" 100 "-u unknown user: exit 100"
(printf 'GET /index.txt HTTP/1.1\r\nHost: x\r\n\r\n'; sleep 1) |
	"$HTTPD" -u nobody "$P" >/dev/null 2>&1 &
hp=$!
sleep 0.3
ids=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$hp/status")
wait "$hp"
nb=$(id -u nobody)
is "$ids" "$nb $nb $nb $nb" "-u: real, effective, saved uids dropped"

# As root (-R), only what the world may read: every directory on the way,
# from the docroot down, must be searchable by others, and a listing needs
# a directory readable by others; symlinks change nothing.
W=$T_TMP/world
mkdir -p "$W/open" "$W/closed" "$W/group" "$W/searchonly" "$W/nolist" "$W/closed/sub"
for d in open closed group searchonly nolist; do printf '%s\n' "$d" >"$W/$d/f.txt"; done
printf 'sub\n' >"$W/closed/sub/f.txt"
printf 'idx\n' >"$W/searchonly/index.html"
chmod -R a+rX "$W"
chmod 700 "$W/closed"
chmod 750 "$W/group"
chmod 711 "$W/searchonly"
chmod 711 "$W/nolist"
rm "$W/nolist/f.txt"
ln -s ../closed/f.txt "$W/open/via-link.txt"
ln -s closed "$W/closed-link"
wst() { hl_status "$(hl "$W" "GET $1 HTTP/1.1\r\n$H\r\n" -l)"; }
is "$(wst /open/f.txt)" 200 "-R: a file under world-searchable directories: 200"
is "$(wst /closed/f.txt)" 403 "-R: a file under a 0700 directory: 403"
is "$(wst /closed/sub/f.txt)" 403 "-R: deeper under a 0700 directory: 403"
mkdir "$W/nobodys" && printf 'n\n' >"$W/nobodys/f.txt" && chmod 644 "$W/nobodys/f.txt"
chown -R nobody "$W/nobodys" && chmod 700 "$W/nobodys"
is "$(wst /nobodys/f.txt)" 403 "-R: under a 0700 directory of user nobody (65534): 403"
is "$(wst /group/f.txt)" 403 "-R: under a 0750 directory (group, not others): 403"
is "$(wst /open/via-link.txt)" 403 "-R: a symlink into a 0700 directory: 403"
is "$(wst /closed-link/f.txt)" 403 "-R: a symlink to a 0700 directory: 403"
is "$(wst /searchonly/f.txt)" 200 "-R: a 0711 directory may be passed through"
is "$(wst /searchonly/)" 200 "-R: ...and its index.html served"
is "$(wst /nolist/)" 403 "-R -l: no listing of a 0711 directory"
is "$(wst /open/)" 200 "-R -l: listing of a 0755 directory"
is "$(wst /closed/)" 403 "-R -l: no listing of a 0700 directory"
out=$(hl "$W" "GET /closed/f.txt HTTP/1.1\r\n$H\r\n")
is "$(printf '%s' "$out" | grep -c closed)" 0 "-R: no byte of the file under 0700 leaks"
chmod 700 "$W"
is "$(wst /open/f.txt)" 403 "-R: a docroot others may not search: 403"
chmod 755 "$W"
(printf 'GET /open/f.txt HTTP/1.1\r\nHost: x\r\n\r\n'; sleep 1) |
	"$HTTPD" -R "$W" >/dev/null 2>&1 &
hp=$!
sleep 0.3
ids="$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$hp/status") / $(awk '/^Gid:/ {print $5}' "/proc/$hp/status") / $(awk '/^Groups:/ {print $2}' "/proc/$hp/status")"
wait "$hp"
is "$ids" "0 0 0 4294967294 / 4294967294 / " "-R: file system uid and gid 4294967294, no supplementary groups"
out=$(printf 'GET /group/f.txt HTTP/1.0\r\n\r\n' | "$HTTPD" -l -u nobody "$W" 2>/dev/null)
is "$(hl_status "$out")" 403 "-u nobody: a directory nobody may not search: 403"
out=$(printf 'GET /nolist/ HTTP/1.0\r\n\r\n' | "$HTTPD" -l -u nobody "$W" 2>/dev/null)
is "$(hl_status "$out")" 403 "-u nobody -l: no listing of a 0711 directory"

# Landlock: beneath the docroot only.  A symlink out is already refused by
# RESOLVE_BENEATH; check the process itself cannot open outside files.
: >"$T_TMP/hl.log"
out=$(hl "$P" "GET /index.txt HTTP/1.1\r\n$H\r\n")
if grep -q 'Landlock unavailable' "$T_TMP/hl.log"; then
	is "$(hl_status "$out")" 200 "Landlock unsupported: one warning, serving goes on"
	is "$(grep -c 'warning: Landlock' "$T_TMP/hl.log")" 1 "...exactly one warning line"
else
	is "$(hl_status "$out")" 200 "Landlock on (no warning): serving works"
fi
out=$(hl "$P" "GET /index.txt HTTP/1.1\r\n$H\r\n" -L)
is "$(hl_status "$out")" 200 "-L: Landlock off, serving works"

done_testing
