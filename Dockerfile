# syntax=docker/dockerfile:1
# SARK Console image: a static wasm app served by nginx, which also proxies /api and /health to SARK.
#
#   docker build -t sark-console:0.1.0 .
#   docker run --read-only --tmpfs /tmp -p 8080:8080 -e SARK_API_UPSTREAM=http://sark-api:8000 sark-console:0.1.0
#
# The build stage runs the same scripts as a developer machine (scripts/setup.sh --build, make dist),
# so the image holds exactly what `make dist` produces and the packaging tests checked.

# ---- build ----------------------------------------------------------------------------------------
# trixie: its Debian nodejs (20.x) is new enough for the Tailwind 4 CLI.
FROM rust:1.95-trixie AS build
WORKDIR /src
ENV SETUP_PROFILE=build \
    CARGO_TERM_COLOR=never \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# Tools first (Trunk, wasm-bindgen-cli, Node, brotli, npm packages): this slow layer (~15 min on
# 2 cores) is reused until setup.sh or a lock file changes.
COPY scripts/setup.sh scripts/setup.sh
COPY Cargo.lock package.json package-lock.json ./
RUN SARK_SETUP_SKIP_FETCH=1 scripts/setup.sh --build

COPY . .
RUN make dist

# ---- runtime --------------------------------------------------------------------------------------
FROM nginx:1.27-alpine
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="SARK Console" \
      org.opencontainers.image.description="Admin console for SARK (Rust/Leptos, WebAssembly) served by nginx" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.vendor="SARK"

# Web root and config templates are read-only at run time; everything the container writes
# (rendered config, config.json, pid, temp files) goes to SARK_RUNTIME_DIR under /tmp.
COPY --from=build /src/dist /usr/share/sark-console/html
COPY --from=build /src/build/csp-script-hashes.txt /etc/sark-console/csp-script-hashes.txt
# The main template (repository root) beside its snippets, as render-config.sh expects by default.
COPY nginx.conf nginx/ /etc/sark-console/
COPY docker/render-config.sh docker/csp-hashes.sh /usr/local/bin/

ENV SARK_CONF_DIR=/etc/sark-console \
    SARK_WEB_ROOT=/usr/share/sark-console/html \
    SARK_RUNTIME_DIR=/tmp/sark-console \
    SARK_LISTEN=8080

# The image's nginx user (uid 101); the Kubernetes manifests pick a high uid of their own.
USER 101:101
EXPOSE 8080
VOLUME ["/tmp"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["sh", "-c", "wget -q -O /dev/null http://127.0.0.1:${SARK_LISTEN##*:}/healthz || exit 1"]
# nginx finishes in-flight requests on SIGQUIT.
STOPSIGNAL SIGQUIT

# Render config.json and the nginx config from the environment (fails fast without
# SARK_API_UPSTREAM), then exec nginx in the foreground as PID 1.
ENTRYPOINT ["/usr/local/bin/render-config.sh"]
# (render-config.sh adds -p/-c/-e for SARK_RUNTIME_DIR to an `nginx` command.)
CMD ["nginx", "-g", "daemon off;"]
