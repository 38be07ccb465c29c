#!/usr/bin/env bash
# make.sh regenerates the README screenshots. It builds the real oauthlens
# binary, runs `oauthlens demo` in a detached tmux session for each screen,
# types the keys a person would, waits for the screen to show what it should,
# captures the pane with its colours (tmux capture-pane -e), renders that to
# SVG with charmbracelet/freeze and to PNG with rsvg-convert.
#
#   screenshots/make.sh            # writes screenshots/*.png
#
# Settings (environment):
#   SHOTS_ADDR      demo server address            (127.0.0.1:9400, so URLs repeat)
#   OAUTHLENS_CLOCK the fixed start of the clock   (2026-01-15T09:30:00Z)
#   SHOTS_OUT       where the PNGs go              (this folder)
#   SHOTS_CACHE     where freeze is built          (${XDG_CACHE_HOME:-~/.cache}/oauthlens-screenshots)
#   SHOTS_REV       build this git revision instead of the work tree (e.g. HEAD)
#   SHOTS_NETNS=0   don't run tmux in a network namespace of its own (as root it does)
#   SHOTS_KEEP=1    keep the .ans and .svg files next to the PNGs (for debugging)
#   SHOTS_ONLY      the screens to make, e.g. "presenter" (all by default)
#
# Tools: go, tmux, rsvg-convert (Debian librsvg2-bin), the DejaVu Sans Mono font
# (fonts-dejavu-core), and freeze v0.2.2, which is built from the Go module
# proxy into the cache on first use. Missing Debian packages are installed with
# apt-get when running as root.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
out=${SHOTS_OUT:-$here}
addr=${SHOTS_ADDR:-127.0.0.1:9400}
clock=${OAUTHLENS_CLOCK:-2026-01-15T09:30:00Z}
cache=${SHOTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/oauthlens-screenshots}
freeze_version=v0.2.2
font="DejaVu Sans Mono"

log() { printf 'make.sh: %s\n' "$*" >&2; }
die() {
	log "$*"
	exit 1
}

# --- tools -------------------------------------------------------------------

apt_install() { # apt_install PACKAGE...: install Debian packages, or say how
	if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
		die "missing: $*; install them (Debian: sudo apt-get install $*) and run again"
	fi
	log "installing $* with apt-get"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq "$@" >/dev/null ||
		{ apt-get update -qq >/dev/null && apt-get install -y -qq "$@" >/dev/null; } ||
		die "apt-get install $* failed"
}

ensure_tools() {
	command -v go >/dev/null || die "go is needed (Go 1.26, see the README)"
	local missing=()
	command -v tmux >/dev/null || missing+=(tmux)
	command -v rsvg-convert >/dev/null || missing+=(librsvg2-bin)
	if ! command -v fc-match >/dev/null || [[ $(fc-match -f '%{family}' "$font") != *"$font"* ]]; then
		missing+=(fonts-dejavu-core fontconfig)
	fi
	if ((${#missing[@]})); then apt_install "${missing[@]}"; fi

	# freeze: one on PATH of the right version, else the cached build, else build it.
	if command -v freeze >/dev/null && [[ $(freeze --version 2>/dev/null) == *"$freeze_version"* ]]; then
		freeze=$(command -v freeze)
		return
	fi
	freeze=$cache/freeze-$freeze_version
	[[ -x $freeze ]] && return
	log "building freeze $freeze_version into $cache (once)"
	mkdir -p "$cache"
	local mod
	mod=$(mktemp -d)
	(
		cd "$mod"
		export GOWORK=off GOFLAGS=-mod=mod
		go mod init freeze-build >/dev/null 2>&1
		go get "github.com/charmbracelet/freeze@$freeze_version" >/dev/null 2>&1
		go build -o "$freeze.tmp" github.com/charmbracelet/freeze
	) || {
		rm -rf "$mod"
		die "building freeze $freeze_version failed"
	}
	rm -rf "$mod"
	mv "$freeze.tmp" "$freeze"
}

# --- tmux --------------------------------------------------------------------

# A private tmux server (its own socket), so a person's own tmux sessions are
# never touched, and it is ended with everything in it on exit.
sock=oauthlens-shots-$$
tm() { tmux -u -L "$sock" -f /dev/null "$@"; }

work=
cleanup() {
	tm kill-server >/dev/null 2>&1 || true
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"
	[[ -n $work ]] && rm -rf "$work"
}
trap cleanup EXIT

# start_tmux starts the tmux server, with an idle session that keeps it up.
# As root, it runs in a network namespace of its own (loopback only), so the
# demo server gets $addr even when another program holds it on this machine;
# SHOTS_NETNS=0 turns that off. innet runs a command in the same namespace.
innet=()
start_tmux() {
	local idle=(new-session -d -s idle -x 80 -y 24 "sleep 86400")
	if [[ ${SHOTS_NETNS:-1} == 1 && $(id -u) -eq 0 ]] && command -v unshare >/dev/null &&
		command -v nsenter >/dev/null && command -v ip >/dev/null && unshare --net true 2>/dev/null; then
		# shellcheck disable=SC2016 # $@ is for the inner shell
		unshare --net sh -c 'ip link set lo up && exec "$@"' sh tmux -u -L "$sock" -f /dev/null "${idle[@]}"
		innet=(nsenter "--net=/proc/$(tm display-message -p -t idle '#{pid}')/ns/net")
		log "tmux runs in a network namespace of its own (loopback only)"
	else
		tm "${idle[@]}"
	fi
}

port_busy() {
	# shellcheck disable=SC2016 # $1 and $2 are for the inner shell
	"${innet[@]}" bash -c 'exec 3<>"/dev/tcp/$1/$2"' sh "${addr%:*}" "${addr##*:}" 2>/dev/null
}

# wait_port_free: the demo server of the previous screen has gone, and
# nothing else holds the address.
wait_port_free() {
	local i
	for ((i = 0; i < 300; i++)); do
		port_busy || return 0
		sleep 0.1
	done
	die "$addr is in use by another program; stop it or set SHOTS_ADDR"
}

# start NAME COLS ROWS [DEMO FLAGS...]: oauthlens demo in a new session.
start() {
	local name=$1 cols=$2 rows=$3
	shift 3
	wait_port_free
	local cmd
	# TERM and COLORTERM make the program draw in true colour; an empty
	# config dir and no NO_COLOR make every run draw the same.
	printf -v cmd '%q ' env -u NO_COLOR TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 \
		XDG_CONFIG_HOME="$work/config" OAUTHLENS_CLOCK="$clock" "$work/oauthlens" demo --addr "$addr" "$@"
	# If the program ends, the pane stays, so wait_for can show why.
	tm new-session -d -s "$name" -x "$cols" -y "$rows" "$cmd; echo \"[oauthlens exited: \$?]\"; sleep 3600"
}

screen() { tm capture-pane -p -t "$1"; }

# wait_for NAME TEXT...: until the screen shows every TEXT (10 s at most).
wait_for() {
	local name=$1 i t s ok
	shift
	for ((i = 0; i < 100; i++)); do
		s=$(screen "$name")
		ok=1
		for t in "$@"; do
			[[ $s == *"$t"* ]] || {
				ok=
				break
			}
		done
		[[ -n $ok ]] && return 0
		sleep 0.1
	done
	log "screen $name never showed: $*"
	screen "$name" >&2
	exit 1
}

# keys NAME KEY...: type keys one at a time, as a person would.
keys() {
	local name=$1 k
	shift
	for k in "$@"; do
		tm send-keys -t "$name" "$k"
		sleep 0.2
	done
}

# shot NAME FILE: capture the screen with its colours and render FILE.png.
# Line height 1.2, not 1.0: at 1.0 an underscore touches the line below and
# reads as a space; the box-drawing rules still join up at 1.2. freeze v0.2.2
# draws no bold and drops underline once a colour follows it, so the current
# step shows by its brackets alone; colours come through exactly (true colour).
# A third argument sets another line height: 1.0 for a QR code, whose half
# blocks must touch to scan.
shot() {
	local name=$1 file=$2 lh=${3:-1.2}
	sleep 0.3 # let the last frame land
	tm capture-pane -e -p -t "$name" >"$work/$file.ans"
	"$freeze" "$work/$file.ans" --language ansi --output "$work/$file.svg" \
		--font.family "$font" --font.size 14 --line-height "$lh" \
		--window --border.radius 8 --padding 20,20,16,20 --margin 0 >/dev/null
	rsvg-convert --background-color '#171717' "$work/$file.svg" -o "$out/$file.png"
	if [[ -n ${SHOTS_KEEP:-} ]]; then cp "$work/$file.ans" "$work/$file.svg" "$out/"; fi
	tm kill-session -t "$name"
	log "wrote $out/$file.png ($(($(wc -c <"$out/$file.png") / 1024)) KB)"
}

# --- the screens -------------------------------------------------------------

# Each screen waits for text that only the finished screen shows. These are
# the texts the UI draws today: if the UI changes them, change them here.

# steps_1_to_3 NAME: enter at steps 1, 2 and 3, each when the last is done.
steps_1_to_3() {
	wait_for "$1" "[1 Discover ○]"
	keys "$1" Enter
	wait_for "$1" "1 Discover ✓" "[2 Client"
	keys "$1" Enter
	wait_for "$1" "2 Client ✓" "[3 Token"
	keys "$1" Enter
	wait_for "$1" "3 Token ✓" "[4 Call" "3 jwks"
}

discovery() { # step 1 done: the metadata found and checked
	start discovery 120 40
	wait_for discovery "[1 Discover ○]"
	keys discovery Enter
	wait_for discovery "1 Discover ✓" "[2 Client"
	keys discovery 1
	wait_for discovery "[1 Discover ✓]" "Discovered via"
	shot discovery discovery
}

token() { # step 3 done: the token, its claims, the signature and the countdown
	start token 120 40
	steps_1_to_3 token
	keys token 3
	# a second or two later, so the countdown has visibly started
	wait_for token "[3 Token ✓]" "expires in 59:5" "Claims" "Checks"
	shot token token
}

exchange() { # the token request and answer, full screen (r), secrets masked
	start exchange 120 40
	steps_1_to_3 exchange
	keys exchange 3
	wait_for exchange "[3 Token ✓]" "Exchange 2/3"
	keys exchange r
	wait_for exchange "▸ Exchange 2/3" '"token_type"'
	shot exchange exchange
}

failure() { # a failure explained: the demo server takes only client_secret_post
	"$work/oauthlens" demo --faults | grep -q "^post-only" ||
		die "oauthlens demo has no post-only fault"
	start error 120 40 --fault post-only
	wait_for error "[1 Discover ○]"
	keys error a
	wait_for error "3 Token ✗" "press !"
	shot error error
}

small() { # an 80x24 terminal after run all (a)
	start small 80 24
	wait_for small "[1 Discover ○]"
	keys small a
	wait_for small "[4 Call ✓]" "200 OK"
	shot small small
}

device() { # the device flow waiting for approval: the user code large, the QR code, the countdown
	start device 120 48
	wait_for device "[1 Discover ○]"
	keys device Enter
	wait_for device "1 Discover ✓" "[2 Client"
	keys device Enter
	wait_for device "2 Client ✓" "[3 Token"
	keys device t t
	wait_for device "Grant: device authorization"
	keys device Enter
	wait_for device "Device authorization (RFC 8628)" "poll 1 · authorization_pending"
	shot device device 1.0
}

idtoken() { # the authorization code flow approved with o: the redirect and ID token checks
	start idtoken 120 60
	wait_for idtoken "[1 Discover ○]"
	keys idtoken Enter
	wait_for idtoken "1 Discover ✓" "[2 Client"
	keys idtoken Enter
	wait_for idtoken "2 Client ✓" "[3 Token"
	keys idtoken t Tab End
	tm send-keys -t idtoken -l " openid"
	keys idtoken Escape Enter
	wait_for idtoken "waiting for the redirect"
	keys idtoken o
	wait_for idtoken "[4 Call"
	keys idtoken 3 G
	wait_for idtoken "ID token (OIDC Core" "userinfo sub"
	shot idtoken idtoken
}

presenter() { # presenter mode at 100x30: a failure, its fix (!), the call; the sequence diagram
	start presenter 100 30 --present --fault post-only
	wait_for presenter "[1 Discover ○]" "PRESENTER"
	keys presenter a
	wait_for presenter "3 Token ✗" "press !"
	keys presenter '!'
	wait_for presenter "3 Token ✓"
	keys presenter 4
	wait_for presenter "[4 Call" "token ✓ expires in"
	[[ $(screen presenter) == *"4 Call ✓"* ]] || keys presenter Enter
	wait_for presenter "[4 Call ✓]" "200 OK"
	shot presenter presenter
}

main() {
	local t0=$SECONDS
	ensure_tools
	work=$(mktemp -d)
	mkdir -p "$work/config" "$out"
	local src=$repo
	if [[ -n ${SHOTS_REV:-} ]]; then
		# A committed revision, e.g. while the work tree is half edited.
		src=$work/src
		mkdir -p "$src"
		git -C "$repo" archive "$SHOTS_REV" | tar -x -C "$src"
	fi
	log "building oauthlens${SHOTS_REV:+ at $SHOTS_REV}"
	(cd "$src" && go build -o "$work/oauthlens" .)
	log "freeze: $("$freeze" --version) · $(rsvg-convert --version) · $(tmux -V)"
	start_tmux
	local s
	for s in ${SHOTS_ONLY:-discovery token exchange failure small presenter device idtoken}; do
		"$s"
	done
	log "done in $((SECONDS - t0))s"
}

main "$@"
