// SPDX-License-Identifier: ISC — Rostra
/* The first page as the server rendered it for readers without
 * JavaScript (GET …/fragment, included by nginx's SSI into the host),
 * read back into the listing's shape, so it is not fetched again. The
 * comments' text stays as elements, rebuilt later through the allowlist. */
const fromMarkup = (el) => {
  const a = (e, k) => e.getAttribute('data-' + k) || '';
  const one = (li) => {
    const art = li.querySelector(':scope > article');
    const who = art && art.querySelector('.rostra-ssr-author');
    return {
      id: Number(a(li, 'id')), parent_id: Number(a(li, 'parent')) || null, depth: Number(a(li, 'depth')),
      reactions: Number(a(li, 'reactions')), reply_count: Number(a(li, 'reply-count')), created_at: a(li, 'created'),
      edited_at: a(li, 'edited') || null, featured: a(li, 'featured') === 'true', badge: a(li, 'badge') || null,
      removed: a(li, 'removed') === 'true', reply_to: a(li, 'reply-to') || null,
      author_name: who ? who.textContent : null, body: null, dom: art && art.querySelector('.rostra-ssr-text'),
    };
  };
  return {
    article: { key: a(el, 'article'), comment_count: Number(a(el, 'count')), closed: a(el, 'closed') === 'true' },
    reaction_label: a(el, 'reaction-label'), reply_depth: Number(a(el, 'reply-depth')),
    edit_minutes: Number(a(el, 'edit-minutes')), next_cursor: a(el, 'next-cursor') || null,
    featured: [...el.querySelectorAll('.rostra-ssr-featured li.rostra-ssr-comment')].map(one),
    comments: [...el.querySelectorAll('.rostra-ssr-list > li.rostra-ssr-comment')].map((li) => {
      const more = li.querySelector(':scope > .rostra-ssr-more');
      return Object.assign(one(li), {
        replies: [...li.querySelectorAll('li.rostra-ssr-comment')].map(one),
        more_replies: more ? Number(a(more, 'more-replies')) : 0,
        replies_cursor: more ? a(more, 'replies-cursor') : null,
      });
    }),
  };
};

