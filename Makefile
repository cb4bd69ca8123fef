# SPDX-License-Identifier: ISC — Rostra
# One non-recursive Makefile. Objects go to build/ (or $(BUILD)); -MMD keeps
# header dependencies, so a header change rebuilds what includes it.

BUILD	?= build
CC	?= cc
PKGS	:= fcgi libpq libsodium json-c libcmark cmocka
CFLAGS	?= -O2 -g
WARN	:= -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Wshadow \
	   -Wstrict-prototypes -Wmissing-prototypes -Werror
PKG_CFLAGS = $(shell pkg-config --cflags fcgi libpq libsodium json-c libcmark 2>/dev/null) -I$(shell pg_config --includedir 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs fcgi libpq libsodium json-c libcmark 2>/dev/null) -lunistring
ALL_CFLAGS = $(WARN) $(CFLAGS) $(PKG_CFLAGS) -I. -MMD -MP

# The daemon: every source file but fcgi/main.c forms the library the tests
# link, listed bottom layer first (docs/ARCHITECTURE.md).
LIB_SRC	:= \
	   lib/arena.c lib/config.c lib/cursor.c lib/error.c lib/fault.c lib/htmlw.c lib/json_in.c lib/jsonw.c lib/keyring.c lib/list.c lib/log.c lib/query.c lib/render.c lib/scoreboard.c lib/status.c lib/token.c lib/validate.c \
	   db/db_exec.c db/db_comments.c db/db_users.c db/db_discussion.c db/db_moderation.c db/db_stmt.c \
	   moderation/actions.c moderation/name.c moderation/policy.c moderation/screen.c moderation/words.c \
	   auth/session.c auth/sso.c \
	   fcgi/api/api_account.c fcgi/api/api_comment_acts.c fcgi/api/api_comments.c fcgi/api/api_counts.c fcgi/api/api_fragment.c fcgi/api/api_health.c fcgi/api/api_metrics.c fcgi/api/api_reports.c fcgi/api/api_session.c fcgi/api/api_sso.c fcgi/api/api_threads.c fcgi/api/api_user.c fcgi/api/app.c fcgi/api/comment_input.c fcgi/api/mod_actions.c fcgi/api/mod_api.c fcgi/api/mod_queue.c fcgi/api/mod_settings.c fcgi/api/mod_users.c fcgi/api/out.c fcgi/api/request.c fcgi/api/signin.c fcgi/api/submit.c \
	   cli/cli.c cli/cli_admin.c cli/cli_moderation.c cli/migrate.c \
	   fcgi/fcgi_in.c fcgi/fcgi_out.c fcgi/route.c fcgi/routes.c fcgi/supervisor.c fcgi/worker.c
LIB_OBJ	:= $(LIB_SRC:%.c=$(BUILD)/%.o)

UNIT_TESTS := arena query validate cursor jsonw out route comment_input config token keyring session words policy db render name
UNIT_BIN   := $(UNIT_TESTS:%=$(BUILD)/tests/unit/test_%)
# The daemon's SQL printed or EXPLAINed, for tests/e2e and bench/run.sh.
EXPLAIN_BIN := $(BUILD)/tests/db/queue_explain

# The embed as make builds it (web/embed/, below), each file with its gzipped copy.
EMBED_OUT := $(addprefix $(BUILD)/web/,embed.js embed.css embed-more.js embed-more.css)
WEB	:= $(BUILD)/web/index.html $(BUILD)/web/index.fr.html $(EMBED_OUT) $(EMBED_OUT:%=%.gz)
ARTICLE	?= ../shared/demo/article.txt

.PHONY: all deps run test test-unit asan faults fuzz bench soak clean

all: $(BUILD)/rostra $(WEB)

deps:
	@sh scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/rostra: $(BUILD)/fcgi/main.o $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/unit/test_%: $(BUILD)/tests/unit/test_%.o $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka

$(EXPLAIN_BIN): $(BUILD)/tests/db/queue_explain.o $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/web/index.html: web/demo/render.sh $(ARTICLE)
	@mkdir -p $(@D)
	sh web/demo/render.sh $(ARTICLE) > $@.tmp && mv $@.tmp $@

# The French demo page (/?lang=fr): an article of its own, French embed and fragment.
$(BUILD)/web/index.fr.html: web/demo/render.sh web/demo/article.fr.txt
	@mkdir -p $(@D)
	sh web/demo/render.sh web/demo/article.fr.txt fr > $@.tmp && mv $@.tmp $@

# The embed (web/embed/): its files joined in this order inside one function,
# then minified: embed.js is what a reader needs to see the comments;
# embed-more.js, an ES module it imports on first use from the same
# directory (web/embed/lazy.js), holds the forms and the rest, styled by
# embed-more.css. embed.js names both with a hash of their content.
EMBED_JS := $(addprefix web/embed/,head.js messages.js dom.js network.js i18n.js \
	    identity.js takeover.js text.js composer.js comment.js thread.js who.js \
	    poll.js permalink.js view.js load.js lazy.js start.js)
EMBED_MORE_JS := $(addprefix web/embed/more/,kernel.js messages.js say.js count.js forms.js account.js \
	    post.js reply.js more.js fresh.js held.js like.js remove.js report.js edit.js permalink.js exports.js)
MINIFY	:= esbuild --minify --charset=utf8 --log-level=warning --legal-comments=none \
	   --banner='/* ISC — Rostra */'

$(BUILD)/web/embed-more.js: $(EMBED_MORE_JS)
	@mkdir -p $(@D)
	{ echo 'export default (K) => {'; cat $^; echo '};'; } | $(MINIFY) --loader=js > $@.tmp && mv $@.tmp $@

$(BUILD)/web/embed.js: $(EMBED_JS) $(BUILD)/web/embed-more.js $(BUILD)/web/embed-more.css
	@mkdir -p $(@D)
	{ echo "(() => { 'use strict';"; cat $(EMBED_JS); echo '})();'; } | $(MINIFY) --loader=js \
	    --define:MORE_VERSION="'$$(cat $(BUILD)/web/embed-more.js $(BUILD)/web/embed-more.css | sha256sum | cut -c1-12)'" \
	    > $@.tmp && mv $@.tmp $@

$(BUILD)/web/embed.css: web/embed.css
	@mkdir -p $(@D)
	$(MINIFY) --loader=css < $< > $@.tmp && mv $@.tmp $@

$(BUILD)/web/embed-more.css: web/embed/more/more.css
	@mkdir -p $(@D)
	$(MINIFY) --loader=css < $< > $@.tmp && mv $@.tmp $@

# Their gzipped copies, which nginx sends as they are (gzip_static): zopfli
# packs a few per cent tighter than nginx's own gzip.
$(BUILD)/web/%.gz: $(BUILD)/web/%
	zopfli -c $< > $@.tmp && mv $@.tmp $@

run: deps
	@$(MAKE) --no-print-directory all
	@ROSTRA_PARENT=$$PPID sh scripts/run.sh

# The whole suite: the normal build, then the same tests on an ASan+UBSan build,
# then the fault-injection loop on build/faults.
test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN) $(EXPLAIN_BIN)
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory faults
	@$(MAKE) --no-print-directory fuzz
	@sh tests/run.sh all

test-unit: $(UNIT_BIN)
	@sh tests/run.sh unit

ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
asan:
	@$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="$(ASAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" all $(UNIT_TESTS:%=build/asan/tests/unit/test_%)

# Fault injection (lib/fault.h): the Nth allocation, statement or crypto
# call of a request fails; with ASan+UBSan so a leak or a bad read on an
# error path shows too. tests/e2e/faults.test.mjs loops over N against it.
FAULT_FLAGS := $(ASAN_FLAGS) -DROSTRA_FAULTS
faults:
	@$(MAKE) --no-print-directory BUILD=build/faults CFLAGS="$(FAULT_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" all

# Fuzz targets (libFuzzer + ASan + UBSan); tests/run.sh runs each briefly.
FUZZ_TARGETS := comment_input request words render session sso cookie headers bodies
FUZZ_BIN := $(FUZZ_TARGETS:%=build/fuzz/tests/fuzz/fuzz_%)
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
fuzz:
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang CFLAGS="$(FUZZ_FLAGS)" $(FUZZ_BIN)

build/fuzz/tests/fuzz/fuzz_%: build/fuzz/tests/fuzz/fuzz_%.o $(LIB_OBJ)
	$(CC) $(CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $^ $(PKG_LIBS)

# Writes the corpus files that hold signed tokens: $(BUILD)/tests/fuzz/fuzz_seeds tests/fuzz/corpus
$(BUILD)/tests/fuzz/fuzz_seeds: $(BUILD)/tests/fuzz/fuzz_seeds.o $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

bench: deps
	@$(MAKE) --no-print-directory all $(EXPLAIN_BIN) $(BUILD)/bench/null_fcgi
	@sh bench/run.sh

# The do-nothing FastCGI responder under the uncached-read row (bench/run.sh).
$(BUILD)/bench/null_fcgi: $(BUILD)/bench/null_fcgi.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# SOAK_SECONDS of mixed load through nginx while PostgreSQL restarts and a
# worker is killed; fails if an acknowledged comment is missing (bench/soak.mjs).
SOAK_SECONDS ?= 600
soak: deps
	@$(MAKE) --no-print-directory all
	@SOAK_SECONDS=$(SOAK_SECONDS) node bench/soak.mjs

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
