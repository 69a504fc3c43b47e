# The dashboard in a container, from the same files as every other install: packages.txt (the
# Debian packages it needs at run time) and requirements.txt (requirements.lock's runtime pins,
# hash-checked). See docs/hosting.md for how to build and run it and how it was tested.
#
#   docker build -t visit-dashboard .
#   docker run --rm -p 127.0.0.1:8501:8501 visit-dashboard
#
# The Python of the locks (3.11) on Debian bookworm, whose chromium package kaleido drives.
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Chromium for the image export, Noto fonts for Devanagari: one name a line in packages.txt.
COPY packages.txt /tmp/packages.txt
RUN apt-get update \
    && xargs --arg-file=/tmp/packages.txt apt-get install -y --no-install-recommends \
    && rm -rf /var/lib/apt/lists/* /tmp/packages.txt

WORKDIR /app
# Dependencies before the code, so an edit to the code reuses this layer.
COPY requirements.txt .
RUN python -m pip install --no-cache-dir --require-hashes -r requirements.txt

COPY . .
# A user of its own; the frame store (.cache/) is the only place it writes.
RUN useradd --create-home --uid 10001 reader \
    && mkdir -p /app/.cache \
    && chown reader /app/.cache
USER reader

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
# Every interface of the container's own network, so that a published port reaches it; publish
# it on the host's loopback (-p 127.0.0.1:8501:8501) unless it is meant for the network.
CMD ["python", "-m", "streamlit", "run", "streamlit_app.py", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
