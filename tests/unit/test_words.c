/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Word lists: every matching rule at the top of moderation/words.c from both
 * sides (what must match, what must not), list errors with their line, the
 * shipped default lists, and large or hostile input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "moderation/words.h"

/* One case: a list, a text, and the entry expected to match (NULL: none). */
struct words_case {
	const char	*list;
	const char	*text;
	const char	*want;
};

static struct words *
compile_or_fail(const char *list)
{
	struct words	*w;
	char		 err[128];

	if ((w = words_compile(list, strlen(list), err, sizeof(err))) == NULL)
		fail_msg("list \"%s\": %s", list, err);
	return w;
}

static void
cases_run(const struct words_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct words	*w = compile_or_fail(c[i].list);
		const char	*got;
		int		 rc;

		rc = words_match(w, c[i].text, strlen(c[i].text), &got);
		if (c[i].want == NULL && rc != 0)
			fail_msg("case %zu: \"%s\" matched \"%s\", want no match", i,
			    c[i].text, rc == 1 ? got : "(error)");
		if (c[i].want != NULL && (rc != 1 || strcmp(got, c[i].want) != 0))
			fail_msg("case %zu: \"%s\" gave %d \"%s\", want \"%s\"", i, c[i].text,
			    rc, got != NULL ? got : "", c[i].want);
		words_free(w);
	}
}

#define CASES(t)	cases_run(t, sizeof(t) / sizeof(t[0]))

static void
whole_words(void **state)
{
	static const struct words_case	 t[] = {
		{ "ass", "you ass", "ass" },
		{ "ass", "a first-class act", NULL },
		{ "ass", "the assessment", NULL },
		{ "ass", "as far as I know", NULL },
		{ "ass", "bad-ass move", "ass" },
		{ "cunt", "Scunthorpe United", NULL },
		{ "hell", "hell!", "hell" },
		{ "hell", "HELL", "hell" },
		{ "hell", "what the hell.", "hell" },
		{ "hell", "hello there", NULL },
		{ "hell", "a sea shell", NULL },
		/* An apostrophe separates like a space: no "hell" in "he'll". */
		{ "hell", "He'll be fine, she’ll too", NULL },
		{ "idiot", "idiots", NULL },
		{ "idiot", "idiot.Really", "idiot" },
		/* Should invalid UTF-8 slip through, it reads as U+FFFD, a gap. */
		{ "idiot", "\xff" "idiot\xc3", "idiot" },
		{ "idiot", "id\xffiot", "idiot" },
	};

	(void)state;
	CASES(t);
}

static void
case_and_accents(void **state)
{
	static const struct words_case	 t[] = {
		{ "idiot", "Idiot", "idiot" },
		{ "idiot", "\xc3\x8d" "DIOT", "idiot" },		/* ÍDIOT */
		{ "idiot", "\xef\xbd\x89\xef\xbd\x84\xef\xbd\x89\xef\xbd\x8f\xef\xbd\x94",
		    "idiot" },						/* fullwidth */
		{ "idiot", "\xef\xbd\x89" "diot", "idiot" },		/* ｉdiot */
		{ "idiot", "i\xcc\x81" "di\xcc\x88ot", "idiot" },	/* combining marks */
		{ "idiot", "\xf0\x9d\x90\xa2\xf0\x9d\x90\x9d\xf0\x9d\x90\xa2\xf0\x9d\x90\xa8"
		    "\xf0\x9d\x90\xad", "idiot" },			/* mathematical bold */
		{ "idiot", "\xe2\x93\x98\xe2\x93\x93\xe2\x93\x98\xe2\x93\x9e\xe2\x93\xa3",
		    "idiot" },						/* circled */
		{ "idiot", "\xc4\xb0" "D\xc4\xb0" "OT", "idiot" },	/* İDİOT */
		{ "idiot", "id\xc4\xb1ot", "idiot" },			/* dotless ı */
		{ "idiot", "id\xe2\x80\x8biot", "idiot" },		/* zero-width space */
		{ "idiot", "id\xc2\xadiot", "idiot" },			/* soft hyphen */
		{ "strasse", "Stra\xc3\x9f" "e", "strasse" },		/* ß folds to ss */
		{ "Stra\xc3\x9f" "e", "STRASSE", "Stra\xc3\x9f" "e" },
		{ "caf\xc3\xa9", "CAFE", "caf\xc3\xa9" },
		{ "slob", "s\xc5\x82" "ob", "slob" },			/* ł */
		{ "idiot", "idi\xc3\xb6t", "idiot" },			/* ö */
	};

	(void)state;
	CASES(t);
}

static void
separators(void **state)
{
	static const struct words_case	 t[] = {
		{ "idiot", "i.d.i.o.t", "idiot" },
		{ "idiot", "i d i o t", "idiot" },
		{ "idiot", "i-d-i-o-t", "idiot" },
		{ "idiot", "i_d_i_o_t", "idiot" },
		{ "idiot", "i*d*i*o*t", "idiot" },
		{ "idiot", "you are an i . d . i . o . t", "idiot" },
		{ "idiot", "I d i o t!", "idiot" },
		{ "idiot", "id.iot", "idiot" },
		{ "idiot", "i.d.iot", "idiot" },
		{ "idiot", "you idiot", "idiot" },
		/* A lone single letter is no spelled-out run. */
		{ "idiot", "kid I often", NULL },
		{ "idiot", "kid.I.often", NULL },
		{ "ia\niama\nafan\nama", "I am a fan", NULL },
		/* A match may not start or end inside a run... */
		{ "ass", "c l a s s", NULL },
		{ "ass", "c.l.a.s.s", NULL },
		{ "cunt", "s c u n t h o r p e", NULL },
		/* ...but a letter set off by white space at either end may be a word. */
		{ "cunt", "you're a c u n t", "cunt" },
		{ "fuck", "f u c k u", "fuck" },
		{ "fuck", "f.u.c.k.u", NULL },
		{ "idiot", "x i d i o t", "idiot" },
	};

	(void)state;
	CASES(t);
}

static void
repeats(void **state)
{
	static const struct words_case	 t[] = {
		{ "idiot", "idiooooot", "idiot" },
		{ "idiot", "iiidiot", "idiot" },
		{ "idiot", "IDIOOOT!!!", "idiot" },
		{ "idiot", "i d i o o o t", "idiot" },
		{ "idiot", "i.d.ii.o.t", "idiot" },
		{ "ass", "asss", "ass" },
		{ "ass", "a s s", "ass" },
		{ "ass", "as", NULL },
		{ "booty", "booooty", "booty" },
		{ "booty", "boty", NULL },
		/* The documented cost: a single letter in the entry also matches two. */
		{ "god", "good", "god" },
		/* Repeats in the list collapse as in the text. */
		{ "idiooot", "idiot", NULL },
		{ "idiooot", "idioooooot", "idiooot" },
	};

	(void)state;
	CASES(t);
}

static void
look_alikes(void **state)
{
	static const struct words_case	 t[] = {
		{ "idiot", "1d10t", "idiot" },
		{ "idiot", "1 d 1 0 t", "idiot" },
		{ "shit", "sh!t", "shit" },
		{ "shit", "5h1t", "shit" },
		{ "shit", "$hit", "shit" },
		{ "bitch", "b!tch!", "bitch" },
		{ "hell", "h3ll", "hell" },
		{ "ass", "a$$", "ass" },
		{ "ass", "@ss", "ass" },
		{ "ass", "a55", "ass" },
		{ "idiot", "@idiot", "idiot" },
		{ "idiot", "t3ll @1d10t", "idiot" },
		/* Numbers without letters stay numbers. */
		{ "ass", "room 455, floor 3", NULL },
		{ "sos", "call 505", NULL },
		{ "2ooi\nzooi\ntooi", "in 2001 and 7001", NULL },
		{ "2001", "in 2001", "2001" },
		{ "1488", "1488", "1488" },
		{ "1488", "i488", NULL },
		{ "ass", "$55", NULL },
		{ "ass", "4$$", NULL },
		/* Cyrillic and Greek look-alikes in a word with Latin letters: іdіоt, idιοt. */
		{ "idiot", "\xd1\x96" "d\xd1\x96\xd0\xbe" "t", "idiot" },
		{ "idiot", "id\xce\xb9\xce\xbf" "t", "idiot" },
		/* Cyrillic с reads c, not s. */
		{ "sap", "\xd1\x81" "ap", NULL },
		{ "cap", "\xd1\x81" "ap", "cap" },
		/* A word of look-alikes only reads as Latin too (the price): ѕеху, και. */
		{ "sexy", "\xd1\x95\xd0\xb5\xd1\x85\xd1\x83", "sexy" },
		{ "kai", "\xce\xba\xce\xb1\xce\xb9", "kai" },
		/* A Russian word with other letters stays Russian, in any case: сон, СОН. */
		{ "coh", "\xd1\x81\xd0\xbe\xd0\xbd", NULL },
		{ "\xd1\x81\xd0\xbe\xd0\xbd", "\xd0\xa1\xd0\x9e\xd0\x9d",
		    "\xd1\x81\xd0\xbe\xd0\xbd" },
	};

	(void)state;
	CASES(t);
}

static void
several_words(void **state)
{
	static const struct words_case	 t[] = {
		{ "kill yourself", "kill yourself", "kill yourself" },
		{ "kill yourself", "just KILL   yourself", "kill yourself" },
		{ "kill yourself", "kill, yourself", "kill yourself" },
		{ "kill yourself", "kill-yourself", "kill yourself" },
		{ "kill yourself", "kill\n\tyourself", "kill yourself" },
		{ "kill yourself", "k i l l y o u r s e l f", "kill yourself" },
		{ "kill yourself", "go k1ll y0urs3lf", "kill yourself" },
		{ "kill yourself", "kiiill yooourself", "kill yourself" },
		{ "kill yourself", "killyourself", NULL },
		{ "kill yourself", "skill yourself", NULL },
		{ "kill yourself", "kill yourselves", NULL },
		{ "kill yourself", "skill yourselves", NULL },
		{ "kill yourself", "kill your self", NULL },
		{ "kill yourself", "kill them yourself", NULL },
		{ "kill yourself", "kill", NULL },
		{ "mother-fucker", "mother fucker", "mother-fucker" },
		{ "f.u.c.k off", "fuck off", "f.u.c.k off" },
		{ "go to hell", "go to h e l l", "go to hell" },
		/* A run of one letter stays in one word unless white space splits it. */
		{ "kill lol", "kill lol", "kill lol" },
		{ "kill lol", "kill-lol", NULL },
		/* Joined runs across several pieces. */
		{ "aab", "aa.aa.aa.aab", "aab" },
		{ "ab", "xa.ab", "ab" },
		{ "aab", "aa.aa.b", "aab" },
	};

	(void)state;
	CASES(t);
}

static void
which_entry(void **state)
{
	static const struct words_case	 t[] = {
		/* The match starting first in the text wins... */
		{ "hell\nidiot", "idiot, what the hell", "idiot" },
		{ "idiot\nyou idiot", "you idiot", "you idiot" },
		/* ...and among those starting together, the entry listed first. */
		{ "you idiot\nyou", "you idiot", "you idiot" },
		{ "you\nyou idiot", "you idiot", "you" },
		{ "idiot\nIDIOT", "IdIoT", "idiot" },
		{ "IDIOT\nidiot", "idiot", "IDIOT" },
		{ "idiooot\nidiot", "idiot", "idiot" },
		/* Entries come back as written, blanks around them trimmed. */
		{ "  Kill   Yourself \t\r\n", "kill yourself", "Kill   Yourself" },
		{ "# comment\n\n\tIdiot\r\n", "idiot", "Idiot" },
	};

	(void)state;
	CASES(t);
}

static void
list_errors(void **state)
{
	static const struct {
		const char	*list;
		size_t		 len;
		const char	*err;
	} t[] = {
		{ "idiot\n\xff\n", 8, "line 2: invalid UTF-8" },
		{ "idiot\n# c\n\n!!!\n", 15, "line 4: no letter or digit in entry" },
		{ "ok\n\xcc\x81\n", 6, "line 2: no letter or digit in entry" },
		{ "ok\r\n...\r\n", 9, "line 2: no letter or digit in entry" },
		{ "a\0b\n", 4, "line 1: NUL byte" },
		{ "a\nb\nc\xc3", 6, "line 3: invalid UTF-8" },
	};
	struct words	*w;
	char		 err[128], long_entry[WORDS_ENTRY_MAX + 8];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		err[0] = '\0';
		assert_null(words_compile(t[i].list, t[i].len, err, sizeof(err)));
		assert_string_equal(err, t[i].err);
	}
	/* The limit counts the entry, not the blanks around it. */
	memset(long_entry, 'x', sizeof(long_entry));
	long_entry[0] = long_entry[WORDS_ENTRY_MAX + 1] = ' ';
	assert_non_null(w = words_compile(long_entry, WORDS_ENTRY_MAX + 2, err, sizeof(err)));
	assert_int_equal(words_count(w), 1);
	words_free(w);
	assert_null(words_compile(long_entry, WORDS_ENTRY_MAX + 3, err, sizeof(err)));
	assert_string_equal(err, "line 1: entry longer than 256 bytes");
}

static void
empty_lists(void **state)
{
	static const char	*lists[] = { "", "\n\n", "# only comments\n  # and more\n \t\n" };
	const char		*got = "unset";

	(void)state;
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		struct words	*w = compile_or_fail(lists[i]);

		assert_int_equal(words_count(w), 0);
		assert_int_equal(words_match(w, "idiot", 5, &got), 0);
		assert_null(got);
		words_free(w);
	}
	words_free(NULL);
}

static void
counts_and_empty_text(void **state)
{
	struct words	*w = compile_or_fail("idiot\n#moron\n\nkill yourself\nidiot\n");
	const char	*got = "unset";

	(void)state;
	assert_int_equal(words_count(w), 3);
	assert_int_equal(words_match(w, "", 0, &got), 0);
	assert_null(got);
	assert_int_equal(words_match(w, " ... !!! \n", 10, &got), 0);
	words_free(w);
}

/* Reads a file of the repository (tests run from its root) into a malloc'ed buffer. */
static char *
file_read(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf;

	assert_non_null(f = fopen(path, "rb"));
	assert_non_null(buf = malloc(65536));
	*len = fread(buf, 1, 65536, f);
	assert_true(*len < 65536);
	fclose(f);
	return buf;
}

static struct words *
default_list(const char *path)
{
	struct words	*w;
	char		*buf, err[128];
	size_t		 len;

	buf = file_read(path, &len);
	if ((w = words_compile(buf, len, err, sizeof(err))) == NULL)
		fail_msg("%s: %s", path, err);
	free(buf);
	assert_true(words_count(w) > 10);
	return w;
}

static void
default_lists(void **state)
{
	struct words	*banned = default_list("moderation/banned.default");
	struct words	*suspect = default_list("moderation/suspect.default");
	const char	*got;
	static const char	 clean[] =
	    "The class assessment in Scunthorpe was a success, I am a fan. He'll pass "
	    "the glass; she'll skill up by 2001. Hello, shell-shocked analysts said the "
	    "cocktail of policies, as far as I know, was an assault on the sea bass "
	    "market in Essex and Middlesex. Dickens wrote it; the Spice Girls sang it.";

	(void)state;
	assert_int_equal(words_match(banned, "just k1ll y0urself", 18, &got), 1);
	assert_string_equal(got, "kill yourself");
	assert_int_equal(words_match(suspect, "You IDIOT!!", 11, &got), 1);
	assert_string_equal(got, "idiot");
	assert_int_equal(words_match(banned, clean, sizeof(clean) - 1, &got), 0);
	assert_int_equal(words_match(suspect, clean, sizeof(clean) - 1, &got), 0);
	words_free(banned);
	words_free(suspect);
}

/* A pseudo-word for entry i: distinct for each i, letters only. */
static void
word_make(char *buf, unsigned int i)
{
	size_t	 n = 0;

	buf[n++] = 'q';
	do {
		buf[n++] = (char)('a' + i % 26);
		i /= 26;
	} while (i > 0);
	buf[n++] = 'z';
	buf[n] = '\0';
}

static void
large_input(void **state)
{
	static const char	*filler[] = { "the ", "council ", "said ", "on ", "Tuesday, ",
	    "that ", "a ", "new ", "bridge ", "would ", "open ", "in ", "2027. " };
	struct words		*w;
	char			*list, *text, word[16];
	size_t			 ll = 0, tl = 0;
	const char		*got;

	(void)state;
	assert_non_null(list = malloc(500 * 24));
	for (unsigned int i = 0; i < 500; i++) {
		word_make(word, i * 7919);
		ll += (size_t)sprintf(list + ll, i % 10 == 0 ? "%s two\n" : "%s\n", word);
	}
	w = compile_or_fail(list);
	assert_int_equal(words_count(w), 500);
	assert_non_null(text = malloc(10100));
	for (size_t i = 0; tl < 10000 - 16; i++)
		tl += (size_t)sprintf(text + tl, "%s", filler[i % 13]);
	assert_int_equal(words_match(w, text, tl, &got), 0);
	word_make(word, 499 * 7919);
	tl += (size_t)sprintf(text + tl, "%s", word);
	assert_int_equal(words_match(w, text, tl, &got), 1);
	assert_string_equal(got, word);
	words_free(w);
	free(list);
	free(text);
}

/*
 * Text built to make a naive matcher quadratic: the letters the walks visit
 * are counted, so "linear" is measured. Each shape, at 5,000 and 10,000
 * bytes: at most 8 visits a byte, and twice the text at most 2.2 times
 * the work.
 */
static void
hostile_input(void **state)
{
	static const char	*units[] = { "aa.", "a ", "a.", "@a.", "aaaaaaaaaa", "ab-", "a'" };
	struct words		*w = compile_or_fail("aab\naa aa ab\nab ab ab\nba\n");
	char			*text;
	const char		*got;

	(void)state;
	assert_non_null(text = malloc(10001));
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		size_t	 n = strlen(units[u]), steps[2] = { 0, 0 };

		for (size_t half = 0; half < 2; half++) {
			size_t	 tl = 0, max = half == 0 ? 5000 : 10000;

			while (tl + n <= max) {
				memcpy(text + tl, units[u], n);
				tl += n;
			}
			assert_true(words_match_steps(w, text, tl, &got, &steps[half]) >= 0);
			if (steps[half] > 8 * tl)
				fail_msg("\"%s\" × %zu: %zu steps", units[u], tl / n, steps[half]);
		}
		if (steps[1] * 10 > steps[0] * 22)
			fail_msg("\"%s\": %zu steps for 5,000 bytes, %zu for 10,000", units[u], steps[0], steps[1]);
	}
	words_free(w);
	free(text);
}

/* Random bytes, valid UTF-8 or not: no crash, no error, under ASan and valgrind. */
static void
random_bytes(void **state)
{
	static const char	 pool[] =
	    "aeiost.  -!@$01345\xc3\xa9\xd1\x96\xcc\x81\xe2\x80\x8b\xff";
	struct words		*w = compile_or_fail("idiot\nkill yourself\nass\nsos\n");
	uint32_t		 seed = 12345;
	char			 text[96];
	const char		*got;

	(void)state;
	for (int round = 0; round < 3000; round++) {
		size_t	 n = 0;

		while (n < sizeof(text)) {
			seed = seed * 1103515245u + 12345u;
			text[n++] = pool[(seed >> 16) % (sizeof(pool) - 1)];
		}
		assert_true(words_match(w, text, (seed >> 8) % sizeof(text), &got) >= 0);
	}
	words_free(w);
}

/* A name's key: what reads alike shares it, what does not, does not. */
static void
name_keys(void **state)
{
	static const struct {
		const char	*text;
		const char	*key;
	} cases[] = {
		{ "Jane Moderator", "jane moderator" },
		{ "  jane   MODERATOR ", "jane moderator" },
		{ "Jane.Moderator", "jane moderator" },
		{ "J\xd0\xb0ne Moderator", "jane moderator" },	/* Cyrillic а */
		{ "JANE MOD\xce\x95RATOR", "jane moderator" },	/* Greek Ε, folded to ε */
		{ "Jane Moder4t0r", "jane moderator" },
		{ "J\xc3\xa1ne Mo\xe2\x80\x8b" "derator", "jane moderator" },	/* accent, zero-width space */
		{ "\xef\xbc\xaa" "ane Moderator", "jane moderator" },	/* fullwidth Ｊ */
		{ "Stra\xc3\x9f" "e", "strasse" },
		{ "JaneModerator", "janemoderator" },
		{ "Jane Moderatorr", "jane moderatorr" },
		{ "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd", "\xd0\xb8\xd0\xb2\xd0\xb0\xd0\xbd" },	/* Иван stays Cyrillic */
		{ "Reader 2001", "reader 2001" },
		{ "***", "" },
		{ "", "" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char	*key;
		size_t	 len;

		assert_int_equal(words_key(cases[i].text, strlen(cases[i].text), &key, &len), 0);
		if (strcmp(key, cases[i].key) != 0)
			fail_msg("\"%s\": key \"%s\", want \"%s\"", cases[i].text, key, cases[i].key);
		assert_int_equal(len, strlen(key));
		free(key);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_words),
		cmocka_unit_test(name_keys),
		cmocka_unit_test(case_and_accents),
		cmocka_unit_test(separators),
		cmocka_unit_test(repeats),
		cmocka_unit_test(look_alikes),
		cmocka_unit_test(several_words),
		cmocka_unit_test(which_entry),
		cmocka_unit_test(list_errors),
		cmocka_unit_test(empty_lists),
		cmocka_unit_test(counts_and_empty_text),
		cmocka_unit_test(default_lists),
		cmocka_unit_test(large_input),
		cmocka_unit_test(hostile_input),
		cmocka_unit_test(random_bytes),
	};

	return cmocka_run_group_tests_name("words", tests, NULL, NULL);
}
