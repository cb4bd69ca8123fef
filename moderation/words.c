/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Word lists behind words.h: brings entries and text to one matching form,
 * keeps the entries in a trie and walks it over the text; the same form,
 * written out, is a name's key. Pure: no I/O, no
 * logging (a comment body must never reach a log), no global state; only
 * words_match's own buffers change while it runs. Called by the moderation
 * policy, and by the name rule (moderation/name.c) for words_key.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "moderation/words.h"

/*
 * Matching rules. Entries go through the same normalization as the text,
 * so whatever it does to one it does to the other.
 *
 * 1. Folding. Text is decomposed (NFKD, which also turns fullwidth,
 *    circled and mathematical letters and ligatures into plain ones),
 *    case-folded in full ("ß" becomes "ss") and stripped of nonspacing and
 *    enclosing marks (Mn, Me: accents) and of format characters (Cf:
 *    zero-width spaces and joiners, soft hyphens, which a reader never
 *    sees). Latin letters with a stroke, which do not decompose (ø ł đ ħ ı
 *    ŧ), lose the stroke too.
 *
 * 2. Pieces. Letters, spacing marks, digits and the look-alike symbols
 *    @ $ ! make up pieces; everything else (white space, punctuation,
 *    other symbols, emoji) lies in the gaps between them. A '!' at either
 *    end of a piece is punctuation, so "hell!" is "hell". A gap is loose if
 *    it holds white space or an apostrophe, tight otherwise; an apostrophe
 *    counts as a space so that "he'll" never reads as "hell".
 *
 * 3. Words. A word of the text is one piece or several joined: pieces join
 *    across a tight gap ("id-iot", "i.d.i.o.t", "i*d*i*o*t") and single
 *    characters join across any gap ("i d i o t"); a piece may also stand
 *    alone ("idiot.Really" holds "idiot"). A run of two or more
 *    single-character pieces is a spelled-out word and a match may not
 *    start or end inside it: "c l a s s" does not hold "ass", and in
 *    "kid I often" the lone "I" is no run, so no "idiot" appears. One letter
 *    at either end of a run may still be a word of its own when white space
 *    sets it off ("you're a c u n t", "f u c k u"). A match never starts or
 *    ends inside a piece, which is what makes it whole-word: "ass" is not in
 *    "class" or "assessment", "hell" is not in "hello". In the list, pieces
 *    join only in runs of single characters: "f.u.c.k" is one word there,
 *    "mother-fucker" two.
 *
 * 4. Look-alikes. In a group of joined pieces (as in 3) holding a Latin
 *    letter, Cyrillic а е о р с у х і ѕ ј к ԁ һ ӏ ԛ ԝ and Greek ο α ε ι κ ν
 *    ρ τ υ χ read as the Latin letters they resemble, and digits and symbols
 *    as letters: 0→o 1→i 3→e 4→a 5→s 7→t @→a $→s, and ! → i inside a piece.
 *    A group with no Latin letter keeps its digits, so "in 2001" and "455"
 *    stay numbers and a listed number ("1488") matches only that number. A
 *    group whose letters are all look-alikes ("ѕеху") reads as Latin too, so
 *    an all-Cyrillic disguise is caught; the price is that a Greek or
 *    Russian word made only of such letters reads as Latin (Greek "και" as
 *    "kai"), harmless unless that Latin spelling is listed. Look-alikes are
 *    judged after case folding: capitals that only look Latin in upper case
 *    (Cyrillic Н, Greek Η) are not caught, as mapping them would make a
 *    Greek or Cyrillic entry match differently in upper and lower case. A
 *    piece starting with '@' may also match from after it, so a mention
 *    "@idiot" holds "idiot" while "@ss" reads "ass".
 *
 * 5. Repeats. Within a word, a run of one letter in the entry matches a
 *    run of at least as many in the text, across joined pieces too: "idiot"
 *    matches "iiidiooot" and "i d i o o t", "ass" matches "asss" but not
 *    "as", and "booty" does not match "boty". The consequence to keep in
 *    mind when writing a list: an entry with a single letter also matches
 *    the word with that letter doubled ("god" matches "good").
 *
 * 6. Several words. An entry's words match consecutive words of the text
 *    with any gap between them ("kill   yourself", "kill, yourself",
 *    "kill-yourself", "k i l l y o u r s e l f") but not run together
 *    ("killyourself": list it as well if wanted). Whole words still: "kill
 *    yourselves" and "skill yourself" do not match "kill yourself". A run
 *    of one letter that could join is never split between two words, so
 *    "kill-lol" does not match "kill lol" (white space does: "kill lol").
 *
 * 7. Cost. The text is normalized once (ASCII without libunistring) and
 *    the trie is walked from each piece where a match may start; a walk
 *    stops where the trie has no way on, so the work grows with the text
 *    times the longest entry, not with the number of entries. A start
 *    inside a run of one letter that an earlier walk already covered is
 *    skipped: it could only repeat that walk with shorter runs, and
 *    "aa.aa.aa..." stays linear.
 */
#define WORDS_BOUNDARY	0x110000	/* trie symbol between words: no code point */
#define WORDS_NONE	UINT32_MAX

/* One piece of text in matching form: letters[start .. start + len). */
struct words_piece {
	uint32_t	 start;
	uint32_t	 len;
	bool		 loose;		/* white space or an apostrophe in the gap after it */
	bool		 at;		/* its first letter was '@' read as 'a' */
};

/* Text in matching form; both arrays are malloc'ed. */
struct words_text {
	ucs4_t			*letters;
	struct words_piece	*pieces;
	size_t			 npieces;
};

/* Trie node; the edge in from its parent carries sym. */
struct words_node {
	ucs4_t		 sym;		/* a letter, or WORDS_BOUNDARY */
	uint32_t	 child;		/* first child */
	uint32_t	 sibling;	/* next child of the same parent */
	uint32_t	 entry;		/* first entry ending here, chained in list order */
};

struct words_entry {
	const char	*text;		/* as written, inside words.list */
	uint32_t	 counts;	/* index in words.counts of its run lengths */
	uint32_t	 next;		/* next entry ending at the same node */
};

struct words {
	char			*list;		/* copy of the list, entries NUL-ended in it */
	struct words_node	*nodes;		/* nodes[0] is the root */
	size_t			 nnodes, nodes_cap;
	struct words_entry	*entries;
	size_t			 nentries, entries_cap;
	uint32_t		*counts;	/* run lengths of each entry, 0 at boundaries */
	size_t			 ncounts, counts_cap;
	size_t			 depth_max;	/* longest entry in trie levels */
};

/* One search: what the walk needs, and the best entry found so far. */
struct words_walk {
	const struct words	*w;
	const struct words_text	*t;
	uint32_t		*counts;	/* run lengths of the text along the current path */
	bool			*covered;	/* per piece: a walk entered it on its first run */
	uint32_t		 best;
	size_t			 steps;		/* letters visited, for words_match_steps */
};

enum words_class {
	WORDS_DROP,		/* vanishes: marks and format characters */
	WORDS_LETTER,		/* letter, spacing mark or digit */
	WORDS_SYMBOL,		/* @ $ !: a letter in disguise, or punctuation */
	WORDS_SPACE,		/* makes a gap loose */
	WORDS_OTHER,		/* any other gap character */
};

static enum words_class
words_class_of(ucs4_t c)
{
	if (c < 0x80) {
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			return WORDS_LETTER;
		if (c == '@' || c == '$' || c == '!')
			return WORDS_SYMBOL;
		if (c == ' ' || (c >= '\t' && c <= '\r') || c == '\'' || c == '`')
			return WORDS_SPACE;
		return WORDS_OTHER;
	}
	if (uc_is_general_category(c, UC_CATEGORY_Mn) ||
	    uc_is_general_category(c, UC_CATEGORY_Me) ||
	    uc_is_general_category(c, UC_CATEGORY_Cf))
		return WORDS_DROP;
	/* Quotes used as apostrophes: ‘ ’ ‛ ʼ ′ */
	if (c == 0x2018 || c == 0x2019 || c == 0x201b || c == 0x02bc || c == 0x2032 ||
	    uc_is_property_white_space(c))
		return WORDS_SPACE;
	if (uc_is_general_category(c, UC_CATEGORY_L) ||
	    uc_is_general_category(c, UC_CATEGORY_Mc) ||
	    uc_is_general_category(c, UC_CATEGORY_N))
		return WORDS_LETTER;
	return WORDS_OTHER;
}

/* Latin letters whose stroke NFKD leaves in place. */
static ucs4_t
words_stroke_drop(ucs4_t c)
{
	switch (c) {
	case 0x00f8: return 'o';	/* ø */
	case 0x0111: return 'd';	/* đ */
	case 0x0127: return 'h';	/* ħ */
	case 0x0131: return 'i';	/* ı */
	case 0x0142: return 'l';	/* ł */
	case 0x0167: return 't';	/* ŧ */
	default: return c;
	}
}

/* The Latin letter a Cyrillic or Greek lower-case letter passes for, or 0. */
static ucs4_t
words_glyph_latin(ucs4_t c)
{
	switch (c) {
	case 0x0430: return 'a';	/* Cyrillic а */
	case 0x0435: return 'e';	/* е */
	case 0x043e: return 'o';	/* о */
	case 0x0440: return 'p';	/* р */
	case 0x0441: return 'c';	/* с */
	case 0x0443: return 'y';	/* у */
	case 0x0445: return 'x';	/* х */
	case 0x0456: return 'i';	/* і */
	case 0x0455: return 's';	/* ѕ */
	case 0x0458: return 'j';	/* ј */
	case 0x043a: return 'k';	/* к */
	case 0x0501: return 'd';	/* ԁ */
	case 0x04bb: return 'h';	/* һ */
	case 0x04cf: return 'l';	/* ӏ */
	case 0x051b: return 'q';	/* ԛ */
	case 0x051d: return 'w';	/* ԝ */
	case 0x03bf: return 'o';	/* Greek ο */
	case 0x03b1: return 'a';	/* α */
	case 0x03b5: return 'e';	/* ε */
	case 0x03b9: return 'i';	/* ι */
	case 0x03ba: return 'k';	/* κ */
	case 0x03bd: return 'v';	/* ν */
	case 0x03c1: return 'p';	/* ρ */
	case 0x03c4: return 't';	/* τ */
	case 0x03c5: return 'u';	/* υ */
	case 0x03c7: return 'x';	/* χ */
	default: return 0;
	}
}

/* The letter a digit or symbol stands for in a word with letters, or 0. */
static ucs4_t
words_digit_latin(ucs4_t c)
{
	switch (c) {
	case '0': return 'o';
	case '1': return 'i';
	case '3': return 'e';
	case '4': return 'a';
	case '5': return 's';
	case '7': return 't';
	case '@': return 'a';
	case '$': return 's';
	case '!': return 'i';
	default: return 0;
	}
}

static bool
words_single(const struct words_text *t, size_t i)
{
	return t->pieces[i].len == 1;
}

/* Whether pieces i and i + 1 of the text may form one word (rule 3). */
static bool
words_glue(const struct words_text *t, size_t i)
{
	return !t->pieces[i].loose || (words_single(t, i) && words_single(t, i + 1));
}

/* Whether a match may start at piece i: not inside a spelled-out run. */
static bool
words_start_ok(const struct words_text *t, size_t i)
{
	if (i == 0 || !words_single(t, i) || !words_single(t, i - 1))
		return true;
	/* Second of its run, the first set off by white space. */
	return t->pieces[i - 1].loose && (i == 1 || !words_single(t, i - 2));
}

/* Whether a match may end at piece i: not inside a spelled-out run. */
static bool
words_end_ok(const struct words_text *t, size_t i)
{
	size_t	 n = t->npieces;

	if (i + 1 == n || !words_single(t, i) || !words_single(t, i + 1))
		return true;
	return t->pieces[i].loose && (i + 2 == n || !words_single(t, i + 2));
}

/* Appends n code points to *buf (*len used of *cap); 0, or -1 on out of memory. */
static int
words_fold_append(ucs4_t **buf, size_t *len, size_t *cap, const ucs4_t *s, size_t n)
{
	if (*len + n > *cap) {
		size_t	 want = *cap * 2 > *len + n ? *cap * 2 : *len + n;
		ucs4_t	*nb;

		if ((nb = realloc(*buf, want * sizeof(*nb))) == NULL)
			return -1;
		*buf = nb;
		*cap = want;
	}
	memcpy(*buf + *len, s, n * sizeof(*s));
	*len += n;
	return 0;
}

/*
 * Decomposes (NFKD) and case-folds the n code points of s onto the end of
 * *buf. Returns 0, or -1 on out of memory. Folding NFKD text gives NFKD
 * text again once marks are dropped (checked over every code point), so one
 * normalization is enough.
 */
static int
words_fold_run(ucs4_t **buf, size_t *len, size_t *cap, const ucs4_t *s, size_t n)
{
	ucs4_t	 nfkd_buf[64], fold_buf[64], *nfkd, *fold = NULL;
	size_t	 nfkd_len = sizeof(nfkd_buf) / sizeof(nfkd_buf[0]);
	size_t	 fold_len = sizeof(fold_buf) / sizeof(fold_buf[0]);
	int	 rc = -1;

	/* The stack buffers spare a malloc for the usual accented word. */
	if ((nfkd = u32_normalize(UNINORM_NFKD, s, n, nfkd_buf, &nfkd_len)) == NULL)
		return -1;
	if ((fold = u32_casefold(nfkd, nfkd_len, NULL, NULL, fold_buf, &fold_len)) == NULL)
		goto out;
	rc = words_fold_append(buf, len, cap, fold, fold_len);
out:
	if (nfkd != nfkd_buf)
		free(nfkd);
	if (fold != fold_buf)
		free(fold);
	return rc;
}

/*
 * Decodes, decomposes and case-folds s into *out (malloc'ed, *outlen code
 * points). Returns 0, or -1 on out of memory.
 */
static int
words_text_fold(const char *s, size_t len, ucs4_t **out, size_t *outlen)
{
	const uint8_t	*p = (const uint8_t *)s, *end = p + len;
	ucs4_t		*dec, *buf = NULL;
	size_t		 n = 0, blen = 0, cap;
	bool		 ascii = true;
	int		 rc = -1;

	/* len + 1: malloc(0) may return NULL, which would read as a failure. */
	if ((dec = malloc((len + 1) * sizeof(*dec))) == NULL)
		return -1;
	while (p < end) {
		ucs4_t	 uc;

		p += u8_mbtouc(&uc, p, (size_t)(end - p));
		if (uc >= 0x80)
			ascii = false;
		else if (uc >= 'A' && uc <= 'Z')
			uc += 'a' - 'A';
		dec[n++] = uc;
	}
	/* Most comments are ASCII: NFKD leaves it alone and folding is done. */
	if (ascii) {
		*out = dec;
		*outlen = n;
		return 0;
	}
	/*
	 * ASCII has no decomposition and starts a new character, so only the
	 * runs of other code points go through libunistring, which is slow.
	 */
	cap = n + 16;
	if ((buf = malloc(cap * sizeof(*buf))) == NULL)
		goto out;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && (dec[j] < 0x80) == (dec[i] < 0x80); j++)
			continue;
		if ((dec[i] < 0x80 ? words_fold_append(&buf, &blen, &cap, dec + i, j - i) :
		    words_fold_run(&buf, &blen, &cap, dec + i, j - i)) == -1)
			goto out;
	}
	*out = buf;
	*outlen = blen;
	buf = NULL;
	rc = 0;
out:
	free(dec);
	free(buf);
	return rc;
}

/* Trims the '!' that end piece i: they are punctuation there (rule 2). */
static void
words_piece_close(struct words_text *t, size_t i, size_t *wr)
{
	struct words_piece	*p = &t->pieces[i];

	/* A piece never starts with '!', so it keeps at least one letter. */
	while (t->letters[p->start + p->len - 1] == '!') {
		p->len--;
		(*wr)--;
	}
}

/* Applies rule 4 to the group of joined pieces [from, to). */
static void
words_group_read(struct words_text *t, size_t from, size_t to)
{
	bool	 latin = false, glyphs = false, only_glyphs = true;

	for (size_t i = from; i < to; i++) {
		const struct words_piece	*p = &t->pieces[i];

		for (size_t j = p->start; j < p->start + p->len; j++) {
			ucs4_t	 c = t->letters[j];

			if (c >= 'a' && c <= 'z')
				latin = true;
			else if (words_glyph_latin(c) != 0)
				glyphs = true;
			else if (c >= 0x80 && uc_is_general_category(c, UC_CATEGORY_L))
				only_glyphs = false;
		}
	}
	if (!latin && !(glyphs && only_glyphs))
		return;
	for (size_t i = from; i < to; i++) {
		struct words_piece	*p = &t->pieces[i];

		p->at = t->letters[p->start] == '@';
		for (size_t j = p->start; j < p->start + p->len; j++) {
			ucs4_t	 c = t->letters[j], l;

			if ((l = words_glyph_latin(c)) != 0 || (l = words_digit_latin(c)) != 0)
				t->letters[j] = l;
		}
	}
}

/*
 * Brings s (len bytes of UTF-8) to matching form in t, rules 1, 2 and 4.
 * Returns 0, or -1 on out of memory; either way the caller frees t's arrays.
 */
static int
words_text_read(struct words_text *t, const char *s, size_t len)
{
	size_t	 n, wr = 0;
	bool	 open = false;

	t->letters = NULL;
	t->pieces = NULL;
	t->npieces = 0;
	if (words_text_fold(s, len, &t->letters, &n) == -1)
		return -1;
	/* Pieces are separated by at least one code point. */
	if ((t->pieces = malloc((n / 2 + 1) * sizeof(*t->pieces))) == NULL)
		return -1;
	/* Letters are rewritten in place: wr never passes the read index. */
	for (size_t rd = 0; rd < n; rd++) {
		ucs4_t			 c = t->letters[rd];
		enum words_class	 k = words_class_of(c);
		struct words_piece	*p;

		if (k == WORDS_DROP)
			continue;
		if (k == WORDS_LETTER || (k == WORDS_SYMBOL && (open || c != '!'))) {
			if (!open) {
				p = &t->pieces[t->npieces++];
				p->start = (uint32_t)wr;
				p->len = 0;
				p->loose = p->at = false;
				open = true;
			}
			t->letters[wr++] = words_stroke_drop(c);
			t->pieces[t->npieces - 1].len++;
			continue;
		}
		if (open) {
			words_piece_close(t, t->npieces - 1, &wr);
			open = false;
		}
		if (k == WORDS_SPACE && t->npieces > 0)
			t->pieces[t->npieces - 1].loose = true;
	}
	if (open)
		words_piece_close(t, t->npieces - 1, &wr);
	for (size_t i = 0, j; i < t->npieces; i = j) {
		for (j = i + 1; j < t->npieces && words_glue(t, j - 1); j++)
			continue;
		words_group_read(t, i, j);
	}
	return 0;
}

static void
words_text_free(struct words_text *t)
{
	free(t->letters);
	free(t->pieces);
}

static uint32_t
words_child(const struct words *w, uint32_t node, ucs4_t sym)
{
	for (uint32_t c = w->nodes[node].child; c != WORDS_NONE; c = w->nodes[c].sibling)
		if (w->nodes[c].sym == sym)
			return c;
	return WORDS_NONE;
}

/* The child of node along sym, added if missing; WORDS_NONE on out of memory. */
static uint32_t
words_child_add(struct words *w, uint32_t node, ucs4_t sym)
{
	struct words_node	*nn;
	uint32_t		 c;

	if ((c = words_child(w, node, sym)) != WORDS_NONE)
		return c;
	if (w->nnodes == w->nodes_cap) {
		size_t	 cap = w->nodes_cap * 2;

		if ((nn = realloc(w->nodes, cap * sizeof(*nn))) == NULL)
			return WORDS_NONE;
		w->nodes = nn;
		w->nodes_cap = cap;
	}
	c = (uint32_t)w->nnodes++;
	nn = &w->nodes[c];
	nn->sym = sym;
	nn->child = WORDS_NONE;
	nn->entry = WORDS_NONE;
	nn->sibling = w->nodes[node].child;
	w->nodes[node].child = c;
	return c;
}

/* Appends one run length to w->counts; 0, or -1 on out of memory. */
static int
words_count_push(struct words *w, uint32_t count)
{
	if (w->ncounts == w->counts_cap) {
		size_t		 cap = w->counts_cap == 0 ? 64 : w->counts_cap * 2;
		uint32_t	*nc;

		if ((nc = realloc(w->counts, cap * sizeof(*nc))) == NULL)
			return -1;
		w->counts = nc;
		w->counts_cap = cap;
	}
	w->counts[w->ncounts++] = count;
	return 0;
}

/*
 * Adds the entry text (NUL-terminated, owned by w), normalized as t, to
 * the trie: its words in order with WORDS_BOUNDARY between them, each word
 * a sequence of distinct letters with its run lengths kept aside (rule 5).
 * Returns 0, or -1 on out of memory.
 */
static int
words_entry_add(struct words *w, const char *text, const struct words_text *t)
{
	struct words_entry	*e;
	uint32_t		 node = 0, first = (uint32_t)w->ncounts, *link;
	ucs4_t			 last = WORDS_BOUNDARY;

	for (size_t i = 0; i < t->npieces; i++) {
		const struct words_piece	*p = &t->pieces[i];

		/* In the list only spelled-out letters join into one word. */
		if (i > 0 && !(words_single(t, i - 1) && words_single(t, i))) {
			if ((node = words_child_add(w, node, WORDS_BOUNDARY)) == WORDS_NONE ||
			    words_count_push(w, 0) == -1)
				return -1;
			last = WORDS_BOUNDARY;
		}
		for (size_t j = p->start; j < p->start + p->len; j++) {
			ucs4_t	 c = t->letters[j];

			if (c == last) {
				w->counts[w->ncounts - 1]++;
				continue;
			}
			if ((node = words_child_add(w, node, c)) == WORDS_NONE ||
			    words_count_push(w, 1) == -1)
				return -1;
			last = c;
		}
	}
	if (w->ncounts - first > w->depth_max)
		w->depth_max = w->ncounts - first;
	if (w->nentries == w->entries_cap) {
		size_t	 cap = w->entries_cap == 0 ? 16 : w->entries_cap * 2;

		if ((e = realloc(w->entries, cap * sizeof(*e))) == NULL)
			return -1;
		w->entries = e;
		w->entries_cap = cap;
	}
	e = &w->entries[w->nentries];
	e->text = text;
	e->counts = first;
	e->next = WORDS_NONE;
	/* Chained at the tail, so the entries ending at a node stay in list order. */
	for (link = &w->nodes[node].entry; *link != WORDS_NONE; link = &w->entries[*link].next)
		continue;
	*link = (uint32_t)w->nentries++;
	return 0;
}

/* Trims ASCII blanks around [*s, *end). */
static void
words_line_trim(const char **s, const char **end)
{
	while (*s < *end && strchr(" \t\r\v\f", **s) != NULL)
		(*s)++;
	while (*end > *s && strchr(" \t\r\v\f", (*end)[-1]) != NULL)
		(*end)--;
}

/*
 * Adds the line [s, end) of list, number lineno, to w unless it is blank or
 * a comment. Returns 0, or -1 after writing the reason into err.
 */
static int
words_line_add(struct words *w, const char *list, const char *s, const char *end,
    int lineno, char *err, size_t errlen)
{
	struct words_text	 t = { NULL, NULL, 0 };
	char			*copy;
	int			 rc = -1;

	if (memchr(s, '\0', (size_t)(end - s)) != NULL) {
		snprintf(err, errlen, "line %d: NUL byte", lineno);
		return -1;
	}
	if (u8_check((const uint8_t *)s, (size_t)(end - s)) != NULL) {
		snprintf(err, errlen, "line %d: invalid UTF-8", lineno);
		return -1;
	}
	words_line_trim(&s, &end);
	if (s == end || *s == '#')
		return 0;
	if ((size_t)(end - s) > WORDS_ENTRY_MAX) {
		snprintf(err, errlen, "line %d: entry longer than %d bytes", lineno,
		    WORDS_ENTRY_MAX);
		return -1;
	}
	/* The entry as written, at its own place in the copy of the list. */
	copy = w->list + (s - list);
	memcpy(copy, s, (size_t)(end - s));
	copy[end - s] = '\0';
	if (words_text_read(&t, s, (size_t)(end - s)) == -1) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (t.npieces == 0) {
		snprintf(err, errlen, "line %d: no letter or digit in entry", lineno);
		goto out;
	}
	if (words_entry_add(w, copy, &t) == -1) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	rc = 0;
out:
	words_text_free(&t);
	return rc;
}

struct words *
words_compile(const char *list, size_t len, char *err, size_t errlen)
{
	struct words	*w, *ret = NULL;
	const char	*line = list, *stop = list + len;
	int		 lineno = 0;

	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    (w->list = malloc(len + 1)) == NULL ||
	    (w->nodes = malloc(64 * sizeof(*w->nodes))) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	w->nodes_cap = 64;
	w->nnodes = 1;
	w->nodes[0].sym = WORDS_BOUNDARY;
	w->nodes[0].child = w->nodes[0].sibling = w->nodes[0].entry = WORDS_NONE;
	while (line < stop) {
		const char	*nl;

		if ((nl = memchr(line, '\n', (size_t)(stop - line))) == NULL)
			nl = stop;
		if (words_line_add(w, list, line, nl, ++lineno, err, errlen) == -1)
			goto out;
		line = nl == stop ? stop : nl + 1;
	}
	ret = w;
	w = NULL;
out:
	words_free(w);
	return ret;
}

void
words_free(struct words *w)
{
	if (w == NULL)
		return;
	free(w->list);
	free(w->nodes);
	free(w->entries);
	free(w->counts);
	free(w);
}

size_t
words_count(const struct words *w)
{
	return w->nentries;
}

/* Keeps the earliest-listed entry ending at node whose run lengths the text reaches. */
static void
words_walk_check(struct words_walk *ww, uint32_t node, size_t depth)
{
	const struct words	*w = ww->w;

	for (uint32_t e = w->nodes[node].entry; e != WORDS_NONE && e < ww->best;
	    e = w->entries[e].next) {
		const uint32_t	*need = &w->counts[w->entries[e].counts];
		size_t		 i;

		for (i = 0; i < depth && ww->counts[i] >= need[i]; i++)
			continue;
		if (i == depth) {
			ww->best = e;
			return;
		}
	}
}

/*
 * Follows the trie from node (depth levels down, last the letter of the
 * deepest level) through piece i from offset off, then on through the
 * pieces the gaps let it join; a word boundary in the entry is tried by
 * recursion, so the stack grows with an entry's words, not with the text.
 */
static void
words_walk(struct words_walk *ww, uint32_t node, size_t depth, ucs4_t last,
    size_t i, size_t off)
{
	const struct words_text	*t = ww->t;
	uint32_t		 next;

	for (;;) {
		const struct words_piece	*p = &t->pieces[i];
		bool				 glue, merge;

		for (size_t j = p->start + off; j < p->start + p->len; j++) {
			ucs4_t	 c = t->letters[j];

			ww->steps++;
			if (c == last) {
				ww->counts[depth - 1]++;
				continue;
			}
			if ((next = words_child(ww->w, node, c)) == WORDS_NONE)
				return;
			node = next;
			ww->counts[depth++] = 1;
			last = c;
		}
		if (ww->w->nodes[node].entry != WORDS_NONE && words_end_ok(t, i))
			words_walk_check(ww, node, depth);
		if (i + 1 == t->npieces)
			return;
		glue = words_glue(t, i);
		/*
		 * A run of one letter that could join stays in one word:
		 * trying a word boundary at each of its gaps would make the
		 * search exponential in the length of the run.
		 */
		merge = glue && t->letters[t->pieces[i + 1].start] == last;
		if (!merge && (next = words_child(ww->w, node, WORDS_BOUNDARY)) != WORDS_NONE) {
			/* It writes levels from depth on only, rewritten here before use. */
			ww->counts[depth] = 0;
			words_walk(ww, next, depth + 1, WORDS_BOUNDARY, i + 1, 0);
		}
		if (!glue)
			return;
		/* A walk from piece i + 1 would repeat this one with shorter runs. */
		if (merge && depth == 1)
			ww->covered[i + 1] = true;
		i++;
		off = 0;
	}
}

int
words_match(const struct words *w, const char *text, size_t len, const char **entry)
{
	size_t	 steps = 0;

	return words_match_steps(w, text, len, entry, &steps);
}

int
words_match_steps(const struct words *w, const char *text, size_t len,
    const char **entry, size_t *steps)
{
	struct words_text	 t = { NULL, NULL, 0 };
	struct words_walk	 ww = { w, &t, NULL, NULL, WORDS_NONE, 0 };
	int			 rc = -1;

	*entry = NULL;
	if (w->nentries == 0)
		return 0;
	if (words_text_read(&t, text, len) == -1 ||
	    (ww.counts = malloc(w->depth_max * sizeof(*ww.counts))) == NULL ||
	    (ww.covered = calloc(t.npieces + 1, sizeof(*ww.covered))) == NULL)
		goto out;
	for (size_t i = 0; i < t.npieces; i++) {
		const struct words_piece	*p = &t.pieces[i];

		if (!words_start_ok(&t, i))
			continue;
		/*
		 * A piece a walk already entered on the run of its first letter
		 * can only repeat that walk with shorter runs: skipping it keeps
		 * "aa.aa.aa..." linear.
		 */
		if (!ww.covered[i])
			words_walk(&ww, 0, 0, WORDS_BOUNDARY, i, 0);
		if (p->at && p->len > 1 && !(ww.covered[i] &&
		    t.letters[p->start + 1] == t.letters[p->start]))
			words_walk(&ww, 0, 0, WORDS_BOUNDARY, i, 1);
		if (ww.best != WORDS_NONE) {
			*entry = w->entries[ww.best].text;
			rc = 1;
			goto out;
		}
	}
	rc = 0;
out:
	*steps += ww.steps;
	words_text_free(&t);
	free(ww.counts);
	free(ww.covered);
	return rc;
}

int
words_key(const char *text, size_t len, char **key, size_t *keylen)
{
	struct words_text	 t = { NULL, NULL, 0 };
	ucs4_t			*joined = NULL;
	uint8_t			*u8;
	size_t			 n = 0, u8len;
	int			 rc = -1;

	*key = NULL;
	*keylen = 0;
	if (words_text_read(&t, text, len) == -1)
		goto out;
	/* Pieces never overlap, so letters plus one space each is room enough. */
	if (t.npieces > 0) {
		const struct words_piece	*last = &t.pieces[t.npieces - 1];

		if ((joined = malloc((last->start + last->len + t.npieces) *
		    sizeof(*joined))) == NULL)
			goto out;
	}
	for (size_t i = 0; i < t.npieces; i++) {
		const struct words_piece	*p = &t.pieces[i];

		if (i > 0)
			joined[n++] = ' ';
		memcpy(joined + n, t.letters + p->start, p->len * sizeof(*joined));
		n += p->len;
	}
	if (n == 0) {
		if ((*key = strdup("")) == NULL)
			goto out;
		rc = 0;
		goto out;
	}
	/* A fresh buffer (resultbuf NULL), NUL-terminated below. */
	if ((u8 = u32_to_u8(joined, n, NULL, &u8len)) == NULL)
		goto out;
	if ((*key = realloc(u8, u8len + 1)) == NULL) {
		free(u8);
		goto out;
	}
	(*key)[u8len] = '\0';
	*keylen = u8len;
	rc = 0;
out:
	words_text_free(&t);
	free(joined);
	return rc;
}
