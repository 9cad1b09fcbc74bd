#!/usr/bin/env sh
# The system packages the artist's voice needs (Debian/Ubuntu main): Festival and its US English HTS
# voice (festvox-us-slt-hts; licence: any purpose, keep the notice). Installs what is missing with
# apt-get (sudo when not root). Where that is impossible, says so once and carries on: the cycle
# then makes instrumentals and each piece records `vocals: none` with this reason.
PACKAGES="festival festvox-us-slt-hts"
missing=""
for p in $PACKAGES; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "WARNING: no apt-get here; install$missing yourself for sung songs (until then: instrumentals)" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "WARNING: to sing, run: sudo apt-get install -y$missing (until then: instrumentals)" >&2
    exit 0
  fi
fi
echo "installing$missing (apt-get)"
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 \
       || { $SUDO apt-get update -q >/dev/null 2>&1 && $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null; }; }; then
  echo "WARNING: apt-get could not install$missing; songs will be instrumentals until it is installed" >&2
fi
exit 0
