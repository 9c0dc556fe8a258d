#!/bin/sh
# Install everything pii-scan needs on a Debian machine, as root:
# Tesseract with Japanese and English data, fonts, and a virtualenv in .venv
# with the package. "install.sh test" also installs the test and generator extras
# and Chromium for the HTML report's browser test.
set -eu
cd "$(dirname "$0")/.."
if command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends \
        tesseract-ocr tesseract-ocr-jpn tesseract-ocr-eng \
        python3 python3-venv python3-pip \
        fonts-noto-cjk fonts-dejavu-core fonts-liberation2 fontconfig >/dev/null
    if [ "${1:-}" = test ]; then
        # The benchmark generator's photo backgrounds, second face photo and held-out fonts.
        apt-get install -y -qq --no-install-recommends \
            mate-backgrounds python-matplotlib-data \
            fonts-ipafont-gothic fonts-ipafont-mincho fonts-vlgothic \
            fonts-urw-base35 fonts-dejavu-extra fonts-noto-mono >/dev/null
        # The HTML report's browser test (tests/test_report_html.py) drives headless Chromium.
        apt-get install -y -qq --no-install-recommends chromium >/dev/null
    fi
fi
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
extras=fast
[ "${1:-}" = test ] && extras=fast,synth,test,dask
.venv/bin/python -m pip install -q -e ".[$extras]"
