/* SPDX-License-Identifier: ISC — Rostra */
/* Rostra comment embed. Finds every [data-rostra-article] element on the host
 * page and renders its discussion (threads, sorting, permalinks, replies,
 * edits, new-comment notices) inside an open shadow root, talking to the API
 * in the same directory as this script (…/api/v1). Server data reaches the
 * DOM only through textContent and attributes, never as markup. Who the
 * reader is comes from GET /me, one small uncached request per page shared by
 * every embed, so the listing stays the same for everyone and cacheable.
 * Every string a reader sees comes from the message table MSG. */
(() => {
  'use strict';
  if (window.Rostra && window.Rostra.signIn) return; /* the script is on the page twice */

  const me = document.currentScript;
  const base = new URL(me && me.src ? '.' : '/comments/', me && me.src || location.href).href;
  const V1 = base + 'api/v1/';
  /* The Trusted Types policy for comments' HTML (see bodyOf); null where
   * the browser has none or the page's CSP does not allow its name. */
  let tt = null;
  try {
    if (window.trustedTypes) tt = window.trustedTypes.createPolicy('rostra', { createHTML: (s) => s });
  } catch (e) {
    tt = null;
  }
  const NAME_KEY = 'rostra.name';
  const POSTED_KEY = 'rostra.posted';
  const SORT_KEY = 'rostra.sort';
  const DRAFT_KEY = 'rostra.draft.'; /* + article key: {parent id or 0: text} */
  /* After this browser posted, revalidate listings for a while so a cached
   * copy never hides the new comment. */
  const FRESH_MS = 10 * 60 * 1000;
  const SORTS = ['newest', 'oldest', 'reactions', 'replies'];
  const MAX = 10000; /* the textarea's maxlength; the counter shows near it */
  const PASSWORD_MIN = 10; /* the daemon's password_min, checked before sending */
  const STEPS = [0, 50, 100, 200, 500]; /* characters left that screen readers hear */

  /* Messages by language; {x} is a value, an object holds plural forms. */
  const MSG = {
    en: {
      title: 'Comments', count: 'Comments ({n})', loading: 'Loading comments…',
      loadFail: 'Comments could not be loaded.', retry: 'Retry',
      prompt: 'What is your opinion on this topic?',
      closed: 'This discussion is closed: no new comments can be posted.',
      name: 'Your name', comment: 'Your comment', reply: 'Reply', yourReply: 'Your reply',
      replyTo: 'Reply to {name}', post: 'Post comment', first: 'Leave the first comment', postReply: 'Post reply',
      cancel: 'Cancel', save: 'Save', signIn: 'Sign in', register: 'Create account', email: 'Email',
      password: 'Password', pwHint: 'At least 10 characters.', display: 'Display name',
      rename: 'Change name', signOut: 'Sign out', signOutAll: 'Sign out everywhere', as: 'Commenting as {name}',
      staff: 'Staff', featured: 'Featured', picks: 'Featured comments',
      review: 'Awaiting review: only you can see this comment for now.',
      removed: 'This comment was removed', to: 'replying to {name}', edited: 'edited', editedAt: 'Edited {time}',
      quote: 'Quote', edit: 'Edit', editing: 'Edit your comment', del: 'Delete', delSure: 'Delete for good?',
      report: 'Report', replies: { one: '{n} reply', other: '{n} replies' },
      more: { one: 'Show {n} more reply', other: 'Show {n} more replies' }, moreAny: 'Show more replies',
      moreTop: 'Load more comments', moreFail: 'Could not load more comments.',
      sort: 'Sort by', newest: 'Newest first', oldest: 'Oldest first', reactions: 'Most liked', repliesSort: 'Most replies',
      linked: 'Linked comment', linkGone: 'The linked comment is no longer available.',
      fresh: { one: '{n} new comment — show', other: '{n} new comments — show' },
      left: { one: '{n} character left', other: '{n} characters left' },
      like: 'Like', react: '{label} ({n})', own: 'Your own comment',
      likeAsk: 'Give your name or sign in to like comments.', reportAsk: 'Give your name or sign in to report comments.',
      spam: 'Spam', abusive: 'Abusive or hateful', off_topic: 'Off topic', misinformation: 'Misinformation',
      other: 'Something else', details: 'Details (needed for "Something else")', reportIt: 'Report this comment',
      why: 'Why should moderators look at this comment?', send: 'Send report', pickReason: 'Please choose a reason.',
      reported: 'Thank you. Moderators will review this comment.', already: 'You have already reported this comment.',
      deleted: 'Your comment was deleted.', held: 'Thank you! Your comment will appear once it has been reviewed.',
      published: 'Thank you! Your comment is published.',
      editHeld: 'Your edit will appear once it has been reviewed.', now: 'just now',
      editLeft: { one: 'You can edit for {n} more minute.', other: 'You can edit for {n} more minutes.' },
      editLast: 'You can edit for less than a minute more.',
      editOver: 'The time to edit this comment is over.', asReply: 'Post your change as a reply',
      heldMod: 'Held for review: readers do not see this comment.', reportedMark: 'Reported',
      cut: { one: 'Comments are limited to {max} characters: the last character you pasted was left out.',
        other: 'Comments are limited to {max} characters: the last {n} characters you pasted were left out.' },
      outAsk: 'You are commenting as a guest: once you sign out, you can no longer edit or delete your comments.',
      outYes: 'Sign out anyway', outNo: 'Stay signed in',
      'e.network': 'Could not reach the comment server. Please try again.',
      'e.unreadable': 'The comment server sent an unreadable reply.',
      'e.http': 'Something went wrong (HTTP {n}). Please try again.',
      'e.wait': 'Too many attempts. Please wait a moment and try again.',
      'e.waitN': { one: 'Too many attempts. Please wait {n} second and try again.', other: 'Too many attempts. Please wait {n} seconds and try again.' },
      /* The server's errors, by code and field ('e.CODE.FIELD'), else by code
       * ('e.CODE'): the same keys in every language, never the server's own
       * English. {n} in a field's message is the limit the server sent
       * ("max" or "min"); such a message is used only when it came. */
      'e.invalid_json': 'The comment server could not read this request. Please reload the page and try again.',
      'e.unknown_field': 'The comment server could not read this request. Please reload the page and try again.',
      'e.invalid_parameter': 'The comment server could not read this request. Please reload the page and try again.',
      'e.method_not_allowed': 'The comment server could not read this request. Please reload the page and try again.',
      'e.unsupported_media_type': 'The comment server could not read this request. Please reload the page and try again.',
      'e.request_headers_too_large': 'The comment server could not read this request. Please reload the page and try again.',
      'e.invalid_cursor': 'This list has changed since the page was loaded. Please reload the page.',
      'e.invalid_article_key': 'The comments of this page are not set up correctly (its article key is not valid).',
      'e.cross_site_request': 'This request did not come from this site’s own pages. Please reload the page and try again.',
      'e.idempotency_key_used': 'This comment could not be sent. Please reload the page and try again.',
      'e.payload_too_large': 'This is more text than the comment server accepts.',
      'e.invalid_utf8': 'This text contains characters that cannot be stored.',
      'e.missing_field': 'Please fill in this field.', 'e.empty_field': 'Please fill in this field.',
      'e.field_too_long': 'This text is too long.', 'e.invalid_field': 'This value is not accepted.',
      'e.missing_field.body': 'Please write a comment before posting.',
      'e.empty_field.body': 'Please write a comment before posting.',
      'e.field_too_long.body': 'Your comment is longer than {n} characters. Please shorten it.',
      'e.invalid_field.body': 'Your comment contains control characters, which cannot be stored. Please remove them.',
      'e.invalid_utf8.body': 'Your comment contains characters that cannot be stored. Please remove them.',
      'e.missing_field.author_name': 'Please enter your name.', 'e.empty_field.author_name': 'Please enter your name.',
      'e.field_too_long.author_name': 'Your name is longer than {n} characters. Please shorten it.',
      'e.invalid_field.author_name': 'Your name must be one line of text, without control characters.',
      'e.invalid_utf8.author_name': 'Your name contains characters that cannot be stored.',
      'e.missing_field.display_name': 'Please enter a display name.', 'e.empty_field.display_name': 'Please enter a display name.',
      'e.field_too_long.display_name': 'The display name is longer than {n} characters. Please shorten it.',
      'e.invalid_field.display_name': 'The display name must be one line of text, without control characters.',
      'e.invalid_utf8.display_name': 'The display name contains characters that cannot be stored.',
      'e.missing_field.email': 'Please enter your email address.', 'e.empty_field.email': 'Please enter your email address.',
      'e.invalid_field.email': 'Please enter an email address such as name@example.org.',
      'e.missing_field.password': 'Please enter your password.', 'e.empty_field.password': 'Please enter your password.',
      'e.invalid_field.password': 'Please choose a password of at least {n} characters.',
      'e.field_too_long.password': 'That password is too long.',
      'e.missing_field.reason': 'Please choose a reason.', 'e.invalid_field.reason': 'Please choose a reason.',
      'e.missing_field.note': 'Please say what is wrong (needed for "Something else").',
      'e.field_too_long.note': 'Please keep the details to {n} characters at most.',
      'e.invalid_field.note': 'The details must be text, without control characters.',
      'e.field_too_long.title': 'This page’s title is too long to be stored with a comment.',
      'e.invalid_field.title': 'This page’s title cannot be stored with a comment.',
      'e.invalid_field.url': 'Comments can only be posted from this site’s own pages.',
      'e.invalid_field.parent_id': 'The comment you are replying to is no longer shown here.',
      'e.unauthorized': 'Please sign in again.', 'e.invalid_credentials': 'Wrong email or password.',
      'e.forbidden': 'You are not allowed to do that.', 'e.not_found': 'This comment no longer exists.',
      'e.conflict': 'That name is already in use.', 'e.already_reported': 'You have already reported this comment.',
      'e.thread_closed': 'This discussion is closed.', 'e.user_banned': 'You may no longer comment on this site.',
      'e.user_suspended': 'You may not comment for now: a moderator suspended this account for a while.',
      'e.repeated_comment': 'You have just posted this same text.',
      'e.comment_rejected': 'Your comment could not be published: it breaks this site’s rules.',
      'e.invalid_parent': 'You can only reply to a comment that is shown on this article.',
      'e.edit_window_over': 'The time to edit this comment is over.',
      'e.busy': 'Comments are very busy right now. Please try again in a moment.',
      'e.database_unavailable': 'Comments are unavailable for a moment. Please try again.',
      'e.service_unavailable': 'Comments are unavailable for a moment. Please try again.',
      'e.internal_error': 'Something went wrong on our side. Please try again.',
      /* A sign-up the server answered as a failed sign-in: it never says whether the email has an account. */
      'e.signup_refused': 'No account could be opened with this email and password. If you already have an account, sign in with its password.',
      'e.conflict.display_name': 'That display name is taken; please choose another.',
      guest: 'Guest',
      'e.guest_name_used': 'Another guest commented on this article under that name in the last 30 days; please choose another.',
      'e.comment_rejected.banned_word': 'Your comment was not published: it contains a word or phrase this site does not allow. You may rephrase it and post it again.',
      'e.comment_rejected.blocked_domain': 'Your comment was not published: it links to a site this site does not accept links to. You may remove the link and post it again.',
    },
    fr: {
      title: 'Commentaires', count: 'Commentaires ({n})', loading: 'Chargement des commentaires…',
      loadFail: 'Les commentaires n’ont pas pu être chargés.', retry: 'Réessayer',
      prompt: 'Qu’en pensez-vous ?',
      closed: 'Cette discussion est close : plus aucun commentaire ne peut être publié.',
      name: 'Votre nom', comment: 'Votre commentaire', reply: 'Répondre', yourReply: 'Votre réponse',
      replyTo: 'Répondre à {name}', post: 'Publier', first: 'Écrire le premier commentaire', postReply: 'Publier la réponse',
      cancel: 'Annuler', save: 'Enregistrer', signIn: 'Se connecter', register: 'Créer un compte', email: 'Adresse e-mail',
      password: 'Mot de passe', pwHint: 'Au moins 10 caractères.', display: 'Nom affiché',
      rename: 'Changer de nom', signOut: 'Se déconnecter', signOutAll: 'Se déconnecter partout', as: 'Vous commentez en tant que {name}',
      staff: 'Rédaction', featured: 'À la une', picks: 'Commentaires à la une',
      review: 'En attente de validation : vous seul voyez ce commentaire pour l’instant.',
      removed: 'Ce commentaire a été supprimé', to: 'en réponse à {name}', edited: 'modifié', editedAt: 'Modifié le {time}',
      quote: 'Citer', edit: 'Modifier', editing: 'Modifier votre commentaire', del: 'Supprimer', delSure: 'Supprimer définitivement ?',
      report: 'Signaler', replies: { one: '{n} réponse', other: '{n} réponses' },
      more: { one: 'Afficher {n} autre réponse', other: 'Afficher {n} autres réponses' }, moreAny: 'Afficher d’autres réponses',
      moreTop: 'Charger plus de commentaires', moreFail: 'Impossible de charger plus de commentaires.',
      sort: 'Trier par', newest: 'Les plus récents', oldest: 'Les plus anciens', reactions: 'Les plus appréciés', repliesSort: 'Les plus discutés',
      linked: 'Commentaire lié', linkGone: 'Le commentaire lié n’est plus disponible.',
      fresh: { one: '{n} nouveau commentaire — afficher', other: '{n} nouveaux commentaires — afficher' },
      left: { one: '{n} caractère restant', other: '{n} caractères restants' },
      like: 'J’aime', react: '{label} ({n})', own: 'Votre propre commentaire',
      likeAsk: 'Indiquez votre nom ou connectez-vous pour aimer des commentaires.',
      reportAsk: 'Indiquez votre nom ou connectez-vous pour signaler des commentaires.',
      spam: 'Spam', abusive: 'Injurieux ou haineux', off_topic: 'Hors sujet', misinformation: 'Désinformation',
      other: 'Autre chose', details: 'Précisions (nécessaires pour « Autre chose »)', reportIt: 'Signaler ce commentaire',
      why: 'Pourquoi les modérateurs devraient-ils examiner ce commentaire ?', send: 'Envoyer le signalement',
      pickReason: 'Veuillez choisir une raison.',
      reported: 'Merci. Les modérateurs vont examiner ce commentaire.', already: 'Vous avez déjà signalé ce commentaire.',
      deleted: 'Votre commentaire a été supprimé.', held: 'Merci ! Votre commentaire apparaîtra une fois validé.',
      published: 'Merci ! Votre commentaire est publié.',
      editHeld: 'Votre modification apparaîtra une fois validée.', now: 'à l’instant',
      editLeft: { one: 'Vous pouvez encore modifier pendant {n} minute.', other: 'Vous pouvez encore modifier pendant {n} minutes.' },
      editLast: 'Vous pouvez encore modifier pendant moins d’une minute.',
      editOver: 'Le délai pour modifier ce commentaire est passé.', asReply: 'Publier votre modification en réponse',
      heldMod: 'En attente de validation : les lecteurs ne voient pas ce commentaire.', reportedMark: 'Signalé',
      cut: { one: 'Un commentaire compte au plus {max} caractères : le dernier caractère collé n’a pas été repris.',
        other: 'Un commentaire compte au plus {max} caractères : les {n} derniers caractères collés n’ont pas été repris.' },
      outAsk: 'Vous commentez en tant qu’invité : une fois déconnecté, vous ne pourrez plus modifier ni supprimer vos commentaires.',
      outYes: 'Me déconnecter quand même', outNo: 'Rester connecté',
      'e.network': 'Impossible de joindre le serveur de commentaires. Veuillez réessayer.',
      'e.unreadable': 'Le serveur de commentaires a envoyé une réponse illisible.',
      'e.http': 'Une erreur est survenue (HTTP {n}). Veuillez réessayer.',
      'e.wait': 'Trop de tentatives. Veuillez patienter un moment puis réessayer.',
      'e.waitN': { one: 'Trop de tentatives. Veuillez patienter {n} seconde puis réessayer.', other: 'Trop de tentatives. Veuillez patienter {n} secondes puis réessayer.' },
      /* The server's errors, by code and field, else by code (see MSG.en). */
      'e.invalid_json': 'Le serveur de commentaires n’a pas pu lire cette demande. Veuillez recharger la page et réessayer.',
      'e.unknown_field': 'Le serveur de commentaires n’a pas pu lire cette demande. Veuillez recharger la page et réessayer.',
      'e.invalid_parameter': 'Le serveur de commentaires n’a pas pu lire cette demande. Veuillez recharger la page et réessayer.',
      'e.method_not_allowed': 'Le serveur de commentaires n’a pas pu lire cette demande. Veuillez recharger la page et réessayer.',
      'e.unsupported_media_type': 'Le serveur de commentaires n’a pas pu lire cette demande. Veuillez recharger la page et réessayer.',
      'e.request_headers_too_large': 'Le serveur de commentaires n’a pas pu lire cette demande. Veuillez recharger la page et réessayer.',
      'e.invalid_cursor': 'Cette liste a changé depuis le chargement de la page. Veuillez recharger la page.',
      'e.invalid_article_key': 'Les commentaires de cette page sont mal configurés (sa clé d’article n’est pas valide).',
      'e.cross_site_request': 'Cette demande ne vient pas des pages de ce site. Veuillez recharger la page et réessayer.',
      'e.idempotency_key_used': 'Ce commentaire n’a pas pu être envoyé. Veuillez recharger la page et réessayer.',
      'e.payload_too_large': 'Ce texte dépasse ce que le serveur de commentaires accepte.',
      'e.invalid_utf8': 'Ce texte contient des caractères qui ne peuvent pas être enregistrés.',
      'e.missing_field': 'Veuillez remplir ce champ.', 'e.empty_field': 'Veuillez remplir ce champ.',
      'e.field_too_long': 'Ce texte est trop long.', 'e.invalid_field': 'Cette valeur n’est pas acceptée.',
      'e.missing_field.body': 'Veuillez écrire un commentaire avant de publier.',
      'e.empty_field.body': 'Veuillez écrire un commentaire avant de publier.',
      'e.field_too_long.body': 'Votre commentaire dépasse {n} caractères. Veuillez le raccourcir.',
      'e.invalid_field.body': 'Votre commentaire contient des caractères de contrôle, qui ne peuvent pas être enregistrés. Veuillez les retirer.',
      'e.invalid_utf8.body': 'Votre commentaire contient des caractères qui ne peuvent pas être enregistrés. Veuillez les retirer.',
      'e.missing_field.author_name': 'Veuillez indiquer votre nom.', 'e.empty_field.author_name': 'Veuillez indiquer votre nom.',
      'e.field_too_long.author_name': 'Votre nom dépasse {n} caractères. Veuillez le raccourcir.',
      'e.invalid_field.author_name': 'Votre nom doit tenir sur une ligne, sans caractères de contrôle.',
      'e.invalid_utf8.author_name': 'Votre nom contient des caractères qui ne peuvent pas être enregistrés.',
      'e.missing_field.display_name': 'Veuillez indiquer un nom affiché.', 'e.empty_field.display_name': 'Veuillez indiquer un nom affiché.',
      'e.field_too_long.display_name': 'Le nom affiché dépasse {n} caractères. Veuillez le raccourcir.',
      'e.invalid_field.display_name': 'Le nom affiché doit tenir sur une ligne, sans caractères de contrôle.',
      'e.invalid_utf8.display_name': 'Le nom affiché contient des caractères qui ne peuvent pas être enregistrés.',
      'e.missing_field.email': 'Veuillez indiquer votre adresse e-mail.', 'e.empty_field.email': 'Veuillez indiquer votre adresse e-mail.',
      'e.invalid_field.email': 'Indiquez une adresse e-mail de la forme nom@exemple.fr.',
      'e.missing_field.password': 'Veuillez indiquer votre mot de passe.', 'e.empty_field.password': 'Veuillez indiquer votre mot de passe.',
      'e.invalid_field.password': 'Veuillez choisir un mot de passe d’au moins {n} caractères.',
      'e.field_too_long.password': 'Ce mot de passe est trop long.',
      'e.missing_field.reason': 'Veuillez choisir une raison.', 'e.invalid_field.reason': 'Veuillez choisir une raison.',
      'e.missing_field.note': 'Veuillez préciser le problème (nécessaire pour « Autre chose »).',
      'e.field_too_long.note': 'Veuillez limiter les précisions à {n} caractères.',
      'e.invalid_field.note': 'Les précisions doivent être du texte, sans caractères de contrôle.',
      'e.field_too_long.title': 'Le titre de cette page est trop long pour être enregistré avec un commentaire.',
      'e.invalid_field.title': 'Le titre de cette page ne peut pas être enregistré avec un commentaire.',
      'e.invalid_field.url': 'Les commentaires ne peuvent être publiés que depuis les pages de ce site.',
      'e.invalid_field.parent_id': 'Le commentaire auquel vous répondez n’est plus affiché ici.',
      'e.already_reported': 'Vous avez déjà signalé ce commentaire.',
      'e.busy': 'Les commentaires sont très sollicités en ce moment. Veuillez réessayer dans un instant.',
      'e.comment_rejected': 'Votre commentaire n’a pas pu être publié : il enfreint les règles de ce site.',
      'e.thread_closed': 'Cette discussion est close.', 'e.user_banned': 'Vous ne pouvez plus commenter sur ce site.',
      'e.user_suspended': 'Vous ne pouvez pas commenter pour le moment : un modérateur a suspendu ce compte pour un temps.',
      'e.repeated_comment': 'Vous venez de publier ce même texte.',
      'e.invalid_parent': 'Vous ne pouvez répondre qu’à un commentaire affiché sur cet article.',
      'e.edit_window_over': 'Le délai pour modifier ce commentaire est passé.',
      'e.invalid_credentials': 'Adresse e-mail ou mot de passe incorrect.',
      'e.signup_refused': 'Aucun compte n’a pu être ouvert avec cette adresse e-mail et ce mot de passe. Si vous avez déjà un compte, connectez-vous avec son mot de passe.',
      'e.conflict.display_name': 'Ce nom affiché est déjà pris ; veuillez en choisir un autre.',
      guest: 'Invité',
      'e.guest_name_used': 'Un autre invité a commenté cet article sous ce nom ces 30 derniers jours ; veuillez en choisir un autre.',
      'e.comment_rejected.banned_word': 'Votre commentaire n’a pas été publié : il contient un mot ou une expression que ce site n’accepte pas. Vous pouvez le reformuler et le publier à nouveau.',
      'e.comment_rejected.blocked_domain': 'Votre commentaire n’a pas été publié : il renvoie vers un site vers lequel ce site n’accepte pas de liens. Vous pouvez retirer le lien et le publier à nouveau.',
      'e.conflict': 'Ce nom est déjà utilisé.', 'e.unauthorized': 'Votre session a pris fin. Veuillez vous reconnecter.',
      'e.forbidden': 'Cette action n’est pas permise.', 'e.not_found': 'Ce commentaire n’existe plus.',
      'e.database_unavailable': 'Les commentaires sont indisponibles pour un moment. Veuillez réessayer.',
      'e.service_unavailable': 'Les commentaires sont indisponibles pour un moment. Veuillez réessayer.',
      'e.internal_error': 'Une erreur est survenue de notre côté. Veuillez réessayer.',
    },
  };

  const store = {
    get(k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set(k, v) { try { if (v === '') localStorage.removeItem(k); else localStorage.setItem(k, v); } catch (e) { /* storage off */ } },
  };

  /* h('p', {class: 'x', text: 'y'}, child…): the only way we build DOM. */
  /* Where a form goes if it is ever submitted without its handler (a script
   * error before preventDefault): a POST that nginx answers with a short
   * page, so a typed password never lands in a URL, a log or a Referer. */
  const NOJS = base + 'nojs';
  const h = (tag, props, ...kids) => {
    const e = document.createElement(tag);
    if (tag === 'form') {
      e.setAttribute('method', 'post');
      e.setAttribute('action', NOJS);
    }
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (v != null && v !== false) e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of kids) if (c != null) e.append(c);
    return e;
  };

  /* The server's clock minus ours (from Date headers), for edit windows and "5 minutes ago". */
  let skew = 0;
  /* fetch + JSON; resolves to [data, HTTP status] (data null for 204),
   * rejects with an Error carrying code, status, field, min and max (the
   * limit the field broke), wait (Retry-After) and said (the server's own
   * message, if any). */
  const call = async (url, opts) => {
    let res;
    const fail = (code, said, more) => Object.assign(new Error(said || MSG.en['e.' + code] || MSG.en['e.wait']), { code, said }, more);
    try {
      res = await fetch(url, Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } }, opts));
    } catch (e) {
      throw fail('network');
    }
    const date = Date.parse(res.headers.get('Date'));
    if (date) skew = date - Date.now();
    let data = null;
    try { data = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) {
      const err = (data && data.error) || {};
      const wait = res.headers.get('Retry-After');
      throw fail(typeof err.code === 'string' ? err.code : res.status === 429 ? 'too_many_requests' : 'http',
        typeof err.message === 'string' ? err.message : '',
        { field: err.field, rule: err.rule, min: err.min, max: err.max, status: res.status, wait: /^\d+$/.test(wait) ? Number(wait) : 0 });
    }
    if (!data && res.status !== 204) throw fail('unreadable');
    return [data, res.status];
  };

  /* A state-changing request: the anti-CSRF header, JSON in when there is a body. */
  const send = (method, path, data, more) => call(V1 + path, {
    method,
    headers: Object.assign({ Accept: 'application/json', 'X-Rostra-CSRF': '1' }, data && { 'Content-Type': 'application/json' }, more),
    body: data ? JSON.stringify(data) : undefined,
  });

  /* The reader's language: the host's data-rostra-lang, else the nearest
   * lang, else English; t(key, values) and the formatters follow it. */
  const lingo = (host) => {
    const tag = [host.getAttribute('data-rostra-lang'), (host.closest('[lang]') || {}).lang,
      document.documentElement.lang].find((x) => x) || 'en';
    const table = MSG[tag.split('-')[0].toLowerCase()] || MSG.en;
    const make = (C, o) => {
      try { return new C(table === MSG.en && !/^en\b/i.test(tag) ? 'en' : tag, o); } catch (e) { return new C(table === MSG.fr ? 'fr' : 'en', o); }
    };
    const plural = make(Intl.PluralRules);
    const num = make(Intl.NumberFormat);
    const rtf = make(Intl.RelativeTimeFormat, { numeric: 'auto' });
    const dtf = make(Intl.DateTimeFormat, { dateStyle: 'medium', timeStyle: 'short' });
    const t = (k, v = {}) => {
      let s = table[k] || MSG.en[k] || k;
      if (typeof s === 'object') s = s[plural.select(v.n)] || s.other;
      return s.replace(/\{(\w+)\}/g, (_, x) => (typeof v[x] === 'number' ? num.format(v[x]) : String(v[x] == null ? '' : v[x])));
    };
    const UNITS = [['year', 31536e3], ['month', 2592e3], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60]];
    return {
      t,
      /* An error for a person, from the table in every language: its code
       * and field's words ('e.CODE.FIELD'), else its code's; a field's words
       * that name the limit ({n}) only when the server sent it. Only a code
       * the table does not know shows the server's sentence, in English. */
      say: (e) => {
        const c = e.code === 'too_many_requests' ? (e.wait ? 'waitN' : 'wait') : e.code;
        const limit = Number(e.max) > 0 ? Number(e.max) : Number(e.min) > 0 ? Number(e.min) : 0;
        const own = 'e.' + c;
        const k = [e.rule && own + '.' + e.rule, e.field && own + '.' + e.field, own].find((x) => x && table[x] &&
          (x === own || limit || !/\{n\}/.test(JSON.stringify(table[x]))));
        if (!k && e.said && table === MSG.en) return e.said;
        return t(k || 'e.http', { n: k && k !== own ? limit : e.wait || e.status || 0 });
      },
      ago: (ms) => {
        const s = (Date.now() + skew - ms) / 1000;
        const u = UNITS.find(([, n]) => s >= n);
        return u ? rtf.format(-Math.floor(s / u[1]), u[0]) : t('now');
      },
      exact: (ms) => dtf.format(ms),
    };
  };

  /* Who the reader is, shared by every embed on the page: undefined until the
   * first answer, then null (signed out) or the user as the server sent it.
   * Identity calls run one after another, so a slow answer never overwrites
   * a newer one. */
  let user;
  let chain = Promise.resolve();
  const views = new Set();
  const queue = (job) => {
    const p = chain.then(job);
    chain = p.catch(() => {});
    return p;
  };
  let identify;
  const identified = new Promise((done) => { identify = done; }); /* the first answer */
  const show = (u) => {
    user = u || null;
    identify();
    views.forEach((v) => v());
    return user;
  };
  const whoami = () => call(V1 + 'me', { cache: 'no-store' }).then(([u]) => show(u), () => show(null));
  const sso = (token) => send('POST', 'session/sso', { token: String(token) }).then(([u]) => show(u));

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

  let uid = 0;

  const mount = (host) => {
    const key = host.getAttribute('data-rostra-article');
    if (!key || host.shadowRoot) return;
    const root = host.attachShadow({ mode: 'open' });
    /* The server's rendering for readers without JavaScript (SSI) gives way
     * to the embed, which takes its first page over. */
    const ssrEl = host.querySelector('[data-rostra-ssr]');
    let ssr = ssrEl && ssrEl.getAttribute('data-article') === key ? fromMarkup(ssrEl) : null;
    /* Meanwhile it stays in view (through a slot), and the finished
     * section replaces it in one step: nothing collapses, then grows. */
    let slot = ssr ? document.createElement('slot') : null;
    /* Inert meanwhile: for the moment it takes, it is a picture of the
     * comments, not links to follow or text for screen readers twice. */
    host.querySelectorAll('.rostra-ssr').forEach((n) => { if (slot) n.setAttribute('inert', ''); else n.remove(); });
    const takeOver = () => {
      if (!slot) return;
      slot.remove();
      slot = null;
      host.querySelectorAll('.rostra-ssr').forEach((n) => n.remove());
      section.style.removeProperty('display');
    };
    const path = 'articles/' + encodeURIComponent(key) + '/comments';
    const { t, say, ago, exact } = lingo(host);

    /* A labelled input, with an optional hint under it; ids are unique on the page. */
    const field = (label, props, hint) => {
      const id = 'rostra-f' + ++uid;
      const input = h('input', Object.assign({ id, type: 'text', 'aria-describedby': hint && id + 'h' }, props));
      return [h('div', { class: 'field' }, h('label', { for: id, text: label }), input,
        hint ? h('small', { id: id + 'h', class: 'hint', text: hint }) : null), input];
    };

    /* Runs job for a form (or any box of buttons): buttons off meanwhile; a
     * failure goes to its role=alert note and marks the field the server named. */
    const run = async (box, note, fields, job) => {
      const buttons = box.querySelectorAll('button');
      const had = root.activeElement; /* a disabled button loses focus: given back below */
      buttons.forEach((b) => { b.disabled = true; });
      box.setAttribute('aria-busy', 'true');
      note.textContent = '';
      /* The note joins a field's own description (a hint), not replaces it. */
      const described = (f, on) => {
        const ids = (f.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== note.id);
        if (on && note.id) ids.push(note.id);
        if (ids.length) f.setAttribute('aria-describedby', ids.join(' '));
        else f.removeAttribute('aria-describedby');
      };
      for (const f of Object.values(fields)) {
        if (!f) continue;
        f.removeAttribute('aria-invalid');
        described(f, false);
      }
      try {
        await job();
      } catch (e) {
        note.textContent = say(e);
        const f = fields[e.field];
        if (f && f.isConnected) {
          f.setAttribute('aria-invalid', 'true');
          described(f, true);
          f.focus();
        }
      } finally {
        buttons.forEach((b) => { b.disabled = false; });
        box.removeAttribute('aria-busy');
        if (had && had.isConnected && document.activeElement === document.body) had.focus();
      }
    };

    const heading = h('h2', { class: 'title', text: t('title') });
    const status = h('div', { class: 'status', role: 'status' });
    const body = h('div', { class: 'body' });
    const section = h('section', { class: 'rostra', 'aria-label': t('title'), 'aria-busy': 'true' }, heading, status, body);

    /* Keep the section hidden until our stylesheet is in (no flash of
     * unstyled form); if the sheet fails, everything simply shows. Set
     * through the CSSOM, which a host page's strict Content-Security-Policy
     * allows (an inline <style> would need style-src 'unsafe-inline'). */
    const link = h('link', { rel: 'stylesheet', href: base + 'embed.css' });
    section.style.visibility = 'hidden';
    const styled = new Promise((done) => {
      link.onload = link.onerror = () => { section.style.removeProperty('visibility'); done(); };
    });
    if (slot) section.style.display = 'none';
    root.append(link, slot || '', section);

    let count = 0;
    let sort = SORTS.includes(store.get(SORT_KEY)) ? store.get(SORT_KEY) : 'newest';
    let depthMax = 3;
    let editMinutes = 5;
    let closed = false;
    let label = t('like');
    const items = new Map(); /* comment id → its record: c, li, art, buttons… */
    const writers = new Set(); /* open forms that write a comment */
    const mine = { own: new Set(), reacted: new Set(), reported: new Set() };
    const list = h('ol', { class: 'list' });
    const more = h('div', { class: 'more' });
    const linkBox = h('section', { class: 'linked', 'aria-label': t('linked'), hidden: true });
    const fresh = h('div', { class: 'fresh', 'aria-live': 'polite' });
    const picker = h('select', { id: 'rostra-sort', onchange: () => {
      sort = picker.value;
      store.set(SORT_KEY, sort);
      load();
    } }, ...SORTS.map((s) => h('option', { value: s, text: t(s === 'replies' ? 'repliesSort' : s) })));
    picker.value = sort;
    const bar = h('div', { class: 'bar' }, h('label', { for: 'rostra-sort', text: t('sort') }), picker);

    /* Drafts: every form's text by parent id (0: the main form), per article. */
    const DKEY = DRAFT_KEY + key;
    const drafts = () => {
      try { return JSON.parse(store.get(DKEY)) || {}; } catch (e) { return {}; }
    };
    const keep = (pid, v) => {
      const d = drafts();
      if (v.trim()) d[pid] = v; else delete d[pid];
      store.set(DKEY, Object.keys(d).length ? JSON.stringify(d) : '');
    };

    /* Near the limit, the characters left: shown as typed, and said to
     * screen readers only when a threshold is crossed. */
    const counter = (w) => {
      const n = MAX - w.text.value.length;
      w.left.textContent = n <= STEPS[STEPS.length - 1] ? t('left', { n }) : '';
      const step = STEPS.find((x) => n <= x);
      if (step !== w.step) w.said.textContent = step == null ? '' : t('left', { n });
      w.step = step;
    };
    const textarea = (w, id, label, rows, value) => {
      w.text = h('textarea', { id, name: 'body', rows, maxlength: String(MAX) });
      w.text.value = value;
      w.left = h('small', { class: 'counter', 'aria-hidden': 'true' });
      w.said = h('p', { class: 'sr', 'aria-live': 'polite' });
      /* The textarea's maxlength drops what does not fit without a word:
       * a paste that did not fit in full says, in the form's alert
       * (w.alert), how much was left out; the words go once it fits. */
      const cut = (said) => {
        if (!w.alert || (!said && w.alert.textContent !== w.cut)) return;
        w.alert.textContent = w.cut = said;
      };
      w.text.addEventListener('paste', (ev) => {
        const got = ((ev.clipboardData && ev.clipboardData.getData('text/plain')) || '').replace(/\r\n?/g, '\n');
        const expect = w.text.value.length - Math.abs(w.text.selectionEnd - w.text.selectionStart) + got.length;
        setTimeout(() => {
          const lost = expect - w.text.value.length;
          cut(lost > 0 ? t('cut', { n: lost, max: MAX }) : '');
        }, 0);
      });
      w.text.addEventListener('input', () => { if (w.text.value.length < MAX) cut(''); });
      counter(w);
      return h('div', { class: 'field' }, h('label', { for: id, text: label }), w.text, w.left, w.said);
    };

    /* A form that writes a comment (parent null) or a reply to the record
     * parent: the guest's name, the text (kept as a draft), its notes. */
    const writer = (parent) => {
      const pid = parent ? parent.c.id : 0;
      const ids = parent ? 'rostra-f' + ++uid : 'rostra';
      const w = { parent, pid };
      w.name = h('input', { id: ids + '-name', name: 'author_name', type: 'text', maxlength: '64', autocomplete: 'name' });
      w.nameField = h('div', { class: 'field' }, h('label', { for: ids + '-name', text: t('name') }), w.name);
      const text = textarea(w, ids + '-body', t(parent ? 'yourReply' : 'comment'), parent ? '3' : '4', drafts()[pid] || '');
      w.text.addEventListener('input', () => {
        keep(pid, w.text.value);
        counter(w);
      });
      w.alert = h('p', { id: ids + '-error', class: 'error', role: 'alert' });
      w.thanks = h('p', { class: 'thanks', role: 'status' });
      w.submit = h('button', { type: 'submit', class: 'primary', text: parent ? t('postReply') : '' });
      w.form = h('form', { class: parent ? 'form reply-form' : 'form', 'aria-label': parent ? t('replyTo', { name: parent.c.author_name || '' }) : null,
        onsubmit: (ev) => { ev.preventDefault(); post(w); } },
      text, w.alert, w.thanks,
      h('div', { class: 'actions' }, w.submit, parent ? h('button', { type: 'button', class: 'secondary', text: t('cancel'), onclick: () => {
        shut(w, true);
        parent.reply.focus();
      } }) : null));
      if (parent && user === null) {
        w.name.value = store.get(NAME_KEY) || '';
        w.form.prepend(w.nameField);
      }
      /* Esc closes a reply form as Cancel does, but keeps its text as the
       * draft that Reply opens again; focus goes back to Reply. */
      if (parent) {
        w.form.addEventListener('keydown', (ev) => {
          if (ev.key !== 'Escape' || ev.isComposing || ev.defaultPrevented) return;
          ev.preventDefault();
          shut(w, false);
          parent.reply.focus();
        });
      }
      writers.add(w);
      return w;
    };
    const shut = (w, discard) => {
      w.form.remove();
      writers.delete(w);
      w.parent.writer = null;
      if (discard) keep(w.pid, '');
    };

    const main = writer(null);
    const { name: input, nameField, text, alert, thanks, submit, form } = main;
    /* Who is commenting: sign-in links, or the signed-in reader's line. */
    const who = h('div', { class: 'who' });
    const composer = h('div', { class: 'composer' }, who, form);

    const buttons = (...b) => h('div', { class: 'actions' }, ...b);
    const cancel = () => h('button', { type: 'button', class: 'secondary', text: t('cancel'), onclick: () => {
      render();
      who.querySelector('button').focus();
    } });

    /* The compact sign-in or create-account form, in place of the links. */
    const auth = (register) => {
      const note = h('p', { id: 'rostra-auth-error', class: 'error', role: 'alert' });
      const [fe, email] = field(t('email'), { type: 'email', name: 'email', maxlength: '254', autocomplete: register ? 'email' : 'username' });
      const [fp, password] = field(t('password'), { type: 'password', name: 'password', autocomplete: register ? 'new-password' : 'current-password' },
        register && t('pwHint'));
      const [fn, name] = register ? field(t('display'), { name: 'display_name', maxlength: '64', autocomplete: 'nickname' }) : [];
      if (name) name.value = input.value;
      const label = t(register ? 'register' : 'signIn');
      /* Every field is checked before anything is sent, and each error
       * shows under its own field (aria-invalid, aria-describedby), all at
       * once, in the words the server's refusal of it would get. */
      const checks = [
        [email, () => (!email.value.trim() ? 'e.empty_field.email' : !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.value) ? 'e.invalid_field.email' : '')],
        [password, () => (!password.value ? 'e.empty_field.password' : register && [...password.value].length < PASSWORD_MIN ? 'e.invalid_field.password' : '')],
        [name, () => (name && !name.value.trim() ? 'e.empty_field.display_name' : '')],
      ].filter(([f]) => f).map(([f, check]) => {
        const hint = f.getAttribute('aria-describedby');
        const err = h('p', { id: f.id + 'e', class: 'error' });
        f.after(err);
        return { f, check, err, hint };
      });
      const checked = () => {
        let first = null;
        for (const { f, check, err, hint } of checks) {
          const k = check();
          err.textContent = k ? t(k, { n: PASSWORD_MIN }) : '';
          if (k) {
            f.setAttribute('aria-invalid', 'true');
            f.setAttribute('aria-describedby', [err.id, hint].filter(Boolean).join(' '));
            first = first || f;
          } else {
            f.removeAttribute('aria-invalid');
            if (hint) f.setAttribute('aria-describedby', hint); else f.removeAttribute('aria-describedby');
          }
        }
        if (first) first.focus();
        return !first;
      };
      const box = h('form', { class: 'auth', 'aria-label': label, novalidate: true, onsubmit: (ev) => {
        ev.preventDefault();
        if (!checked()) return;
        const data = { email: email.value, password: password.value };
        if (name) data.display_name = name.value;
        run(box, note, { email, password, display_name: name }, async () => {
          /* A sign-up with an email that has an account signs its owner in (200)
           * or is refused like a failed sign-in, in words that fit a sign-up. */
          await queue(() => send('POST', register ? 'accounts' : 'session', data).then(([u]) => show(u), (e) => {
            if (register && e.code === 'invalid_credentials') Object.assign(e, { code: 'signup_refused', said: '' });
            throw e;
          }));
          text.focus();
        });
      } }, fe, fp, fn, note, buttons(h('button', { type: 'submit', class: 'primary', text: label }), cancel()));
      nameField.remove(); /* signing in instead of giving a name */
      who.replaceChildren(box);
      email.focus();
    };

    const rename = () => {
      const note = h('p', { id: 'rostra-rename-error', class: 'error', role: 'alert' });
      const [f, name] = field(t('display'), { name: 'display_name', maxlength: '64', autocomplete: 'nickname' });
      name.value = user.display_name;
      const box = h('form', { class: 'auth', 'aria-label': t('rename'), novalidate: true, onsubmit: (ev) => {
        ev.preventDefault();
        run(box, note, { display_name: name }, async () => {
          await queue(() => send('PATCH', 'me', { display_name: name.value, article: key }).then(([u]) => show(u)));
          who.querySelector('button').focus();
        });
      } }, f, note, buttons(h('button', { type: 'submit', class: 'primary', text: t('save') }), cancel()));
      who.replaceChildren(box);
      name.select();
    };

    /* Ends this browser's session or all of them; a 401 means it had already ended. */
    const signOut = (what, note) => run(who, note, {}, async () => {
      await queue(() => send('DELETE', what).catch((e) => { if (e.status !== 401) throw e; }).then(() => {
        store.set(NAME_KEY, '');
        show(null);
      }));
      input.focus();
    });

    let was; /* the state last shown here */
    const render = () => {
      if (user === undefined) return;
      if (user) {
        const note = h('p', { class: 'error', role: 'alert' });
        const act = (label, onclick) => h('button', { type: 'button', class: 'link', text: label, onclick });
        const [before, after] = t('as').split('{name}');
        nameField.remove();
        /* A guest's comments are theirs only through this session: signing
         * out asks first, in the page, with staying signed in as the default. */
        const out = (what) => (ev) => {
          if (user.kind !== 'guest') return signOut(what, note);
          const from = ev.currentTarget;
          const qid = 'rostra-f' + ++uid;
          const stay = h('button', { type: 'button', class: 'secondary', text: t('outNo'), onclick: () => {
            sure.remove();
            from.focus();
          } });
          const sure = h('div', { class: 'sure', role: 'group', 'aria-labelledby': qid, onkeydown: (e) => {
            if (e.key === 'Escape') stay.click();
          } }, h('p', { id: qid, text: t('outAsk') }),
          buttons(h('button', { type: 'button', class: 'primary', text: t('outYes'), onclick: () => signOut(what, note) }), stay));
          who.querySelectorAll('.sure').forEach((x) => x.remove());
          note.before(sure);
          stay.focus();
        };
        who.replaceChildren(
          h('p', { class: 'as' }, before, h('strong', { text: String(user.display_name || '') }), after),
          h('div', { class: 'links' },
            act(t('rename'), rename),
            act(t('signOut'), out('session')),
            act(t('signOutAll'), out('sessions'))),
          note);
      } else {
        if (was !== null) input.value = store.get(NAME_KEY) || '';
        form.prepend(nameField);
        who.replaceChildren(h('div', { class: 'links' },
          h('button', { type: 'button', class: 'link', text: t('signIn'), onclick: () => auth(false) }),
          h('button', { type: 'button', class: 'link', text: t('register'), onclick: () => auth(true) })));
      }
      for (const w of writers) {
        if (w === main) continue;
        if (!w.form.isConnected) writers.delete(w);
        else if (user) w.nameField.remove();
        else if (!w.nameField.isConnected) {
          w.name.value = store.get(NAME_KEY) || '';
          w.form.prepend(w.nameField);
        }
      }
      if (was !== undefined && was !== user && items.size) loadMine();
      was = user;
    };
    views.add(render);
    render();

    const showCount = () => {
      heading.textContent = t('count', { n: count });
      submit.textContent = t(count ? 'post' : 'first');
      section.classList.toggle('empty', !count && !items.size);
    };

    /* The server's rendering of a comment (a small CommonMark subset), rebuilt
     * element by element from an allowlist: nothing else of it reaches the page. */
    const TAGS = ['P', 'BR', 'EM', 'STRONG', 'A', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'CODE'];
    /* The one HTML string the embed reads: parsed into an inert document
     * (no script runs there), then rebuilt from the allowlist above. Under a
     * page's require-trusted-types-for 'script' it goes through this policy
     * ("rostra"); a page whose trusted-types list leaves it out gets each
     * comment's source text instead. */
    const rebuild = (from, to) => {
      for (const n of from.childNodes) {
        if (n.nodeType === 3) {
          /* Line breaks between blocks are layout, not text. */
          if (!/^\s*$/.test(n.data) || !/^(DIV|BLOCKQUOTE|UL|OL)$/.test(to.tagName)) to.append(n.data);
          continue;
        }
        if (n.nodeType !== 1) continue;
        if (!TAGS.includes(n.tagName)) { rebuild(n, to); continue; }
        const e = document.createElement(n.tagName.toLowerCase());
        const href = n.tagName === 'A' ? n.getAttribute('href') || '' : '';
        if (/^https?:\/\//i.test(href)) {
          e.setAttribute('href', href);
          e.setAttribute('rel', 'nofollow ugc noopener');
        }
        to.append(rebuild(n, e));
      }
      return to;
    };
    const bodyOf = (c) => (c.dom ? rebuild(c.dom, h('div', { class: 'text html' }))
      : typeof c.html === 'string' && c.html && (tt || !window.trustedTypes)
      ? rebuild(new DOMParser().parseFromString(tt ? tt.createHTML(c.html) : c.html, 'text/html').body,
        h('div', { class: 'text html' }))
      : h('p', { class: 'text', text: String(c.body || '') }));

    /* "5 minutes ago", the exact time on hover; refreshed every minute. */
    const stamp = (iso) => {
      const ms = Date.parse(iso);
      return h('time', { datetime: String(iso || ''), title: isNaN(ms) ? null : exact(ms), text: isNaN(ms) ? String(iso || '') : ago(ms) });
    };
    const tick = setInterval(() => {
      if (!host.isConnected) return clearInterval(tick);
      root.querySelectorAll('time').forEach((e) => {
        const ms = Date.parse(e.dateTime);
        if (!isNaN(ms)) e.textContent = ago(ms);
      });
    }, 60000);
    const here = () => location.href.split('#')[0];

    /* Reactions: the label and counts come with the public listing; which
     * comments are the reader's own or have their reaction comes from /mine.
     * state(r) shows each button of a comment as who the reader is allows. */
    const state = (r) => {
      const id = r.c.id;
      const own = mine.own.has(id);
      const held = r.c.status === 'held';
      if (!r.foot) return;
      r.del.hidden = !own || !user;
      const reported = mine.reported.has(id);
      r.rep.hidden = own || held || reported; /* signed out too: a click says how */
      r.repd.hidden = own || held || !reported;
      if (user) r.ask.textContent = '';
      r.reply.hidden = closed || held;
      r.quote.hidden = closed || held || own;
      const left = Date.parse(r.c.created_at) + editMinutes * 60000 - (Date.now() + skew);
      r.edit.hidden = !own || !user || r.expired || !(left > 0);
      clearTimeout(r.timer);
      if (!r.edit.hidden) r.timer = setTimeout(() => state(r), left + 500);
      r.count.textContent = r.c.reply_count > 0 ? t('replies', { n: r.c.reply_count }) : '';
      if (!r.like) return;
      r.like.textContent = t('react', { label, n: r.n });
      r.like.setAttribute('aria-pressed', String(mine.reacted.has(id)));
      r.like.disabled = own;
      r.like.title = own ? t('own') : '';
    };
    /* Every comment above r counts its replies. */
    const bump = (r, d) => {
      for (let p = items.get(r.c.parent_id); p; p = items.get(p.c.parent_id)) {
        p.c.reply_count = Math.max(0, (p.c.reply_count || 0) + d);
        state(p);
      }
    };

    /* Reporting opens a short form under the comment; once sent, it cannot be sent again. */
    const REASONS = ['spam', 'abusive', 'off_topic', 'misinformation', 'other'];
    const report = (r) => {
      const id = r.c.id;
      if (!user) return ask(r, 'reportAsk');
      if (r.art.querySelector('form.report')) return;
      const note = h('p', { class: 'error', role: 'alert' });
      const group = 'rostra-r' + ++uid;
      /* Each radio inside its label; none chosen until the reader chooses. */
      const radios = REASONS.map((value) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: group, value, required: true }), h('span', { text: t(value) })));
      note.id = group + 'e';
      const set = h('fieldset', null, h('legend', { text: t('why') }), ...radios);
      const [detailsField, details] = field(t('details'), { name: 'note', maxlength: '500' });
      const done = (text) => {
        mine.reported.add(id);
        state(r);
        const said = h('p', { class: 'thanks', role: 'status', tabindex: '-1', text });
        box.replaceWith(said);
        said.focus(); /* the form that had focus is gone; read the answer */
      };
      const box = h('form', { class: 'auth report', 'aria-label': t('reportIt'), novalidate: true, onkeydown: (ev) => {
        if (ev.key !== 'Escape' || ev.isComposing) return;
        box.remove();
        r.rep.focus();
      }, onsubmit: (ev) => {
        ev.preventDefault();
        const picked = box.querySelector('input[type=radio]:checked');
        set.removeAttribute('aria-describedby');
        if (!picked) {
          /* No reason chosen: said in the form (its alert), nothing sent. */
          note.textContent = t('pickReason');
          set.setAttribute('aria-describedby', note.id);
          box.querySelector('input[type=radio]').focus();
          return;
        }
        run(box, note, { note: details }, async () => {
          const reason = picked.value;
          try {
            await send('POST', 'comments/' + id + '/reports', Object.assign({ reason }, details.value.trim() ? { note: details.value } : {}));
          } catch (e) {
            if (e.status !== 409) throw e;
            return done(t('already'));
          }
          done(t('reported'));
        });
      } }, set, detailsField, note, buttons(h('button', { type: 'submit', class: 'primary', text: t('send') }), h('button', {
        type: 'button', class: 'secondary', text: t('cancel'), onclick: () => { box.remove(); r.rep.focus(); } })));
      r.foot.after(box);
      box.querySelector('input').focus();
    };

    /* Deleting asks once more on the same button, then takes the comment
     * away; one with replies stays as a tombstone, as for everyone. */
    const remove = async (r) => {
      if (r.del.dataset.confirm !== '1') {
        r.del.dataset.confirm = '1';
        r.del.textContent = t('delSure');
        return;
      }
      r.del.disabled = true;
      const held = r.c.status === 'held';
      try {
        await send('DELETE', 'comments/' + r.c.id);
        store.set(POSTED_KEY, String(Date.now()));
        if (!held) {
          count--;
          showCount();
          bump(r, -1);
        }
        if (r.c.reply_count > 0 && !held) {
          r.c = Object.assign({}, r.c, { removed: true, author_name: null, body: null, html: null });
          redraw(r);
        } else {
          for (const [id, x] of items) if (x === r || x.top === r) items.delete(id);
          r.li.remove();
        }
        thanks.textContent = t('deleted');
      } catch (e) {
        alert.textContent = say(e);
        r.del.disabled = false;
      }
    };
    /* A signed-out reader's Like or Report: what to do first, said under
     * the comment (its alert); focus stays on the button they pressed. */
    const ask = (r, k) => {
      r.ask.textContent = ''; /* emptied first, so a second press is heard again */
      setTimeout(() => { if (!user) r.ask.textContent = t(k); }, 100);
    };
    const like = async (r) => {
      const id = r.c.id;
      if (!user) return ask(r, 'likeAsk');
      const on = !mine.reacted.has(id);
      r.like.disabled = true;
      try {
        const [x] = await send(on ? 'PUT' : 'DELETE', 'comments/' + id + '/reaction');
        r.n = Number(x.reactions) || 0;
        store.set(POSTED_KEY, String(Date.now())); /* a reload shows the new count */
        if (x.reacted) mine.reacted.add(id); else mine.reacted.delete(id);
      } catch (e) {
        alert.textContent = say(e);
      }
      state(r);
    };

    /* Opens (or finds) the reply form under r; a quote adds r's words as a
     * Markdown block quote. */
    const answer = (r, quote, focus = true) => {
      let w = r.writer;
      if (!w) {
        w = r.writer = writer(r);
        r.art.after(w.form);
      }
      if (quote) {
        const src = r.c.body != null ? String(r.c.body) : r.art.querySelector('.text').textContent;
        const q = src.replace(/\s+$/, '').split(/\r?\n/).map((l) => (l ? '> ' + l : '>')).join('\n') + '\n\n';
        w.text.value = ((w.text.value.trim() ? w.text.value.replace(/\s*$/, '\n\n') : '') + q).slice(0, MAX);
        keep(w.pid, w.text.value);
        counter(w);
      }
      if (focus) {
        w.text.focus();
        w.text.setSelectionRange(w.text.value.length, w.text.value.length);
      }
    };

    /* Editing in place: the same textarea, Save and Cancel. A comment
     * taken over from the server's HTML has no source text yet: fetched. */
    const edit = async (r) => {
      if (r.art.querySelector('form.edit')) return;
      if (r.c.body == null) {
        try {
          const [x] = await call(V1 + 'comments/' + r.c.id + '/context');
          const c = [x.thread, ...(x.thread.replies || [])].find((y) => y && y.id === r.c.id);
          if (c) r.c.body = c.body;
        } catch (e) {
          alert.textContent = say(e);
        }
        if (r.c.body == null || r.art.querySelector('form.edit')) return;
      }
      const note = h('p', { id: 'rostra-f' + ++uid, class: 'error', role: 'alert' });
      const w = { alert: note };
      const old = r.art.querySelector('.text');
      /* The time left to edit, kept current while the form is open; once it
       * is over, the changed text can still go out as a reply. */
      const timeId = 'rostra-f' + ++uid;
      const time = h('p', { id: timeId, class: 'hint' });
      const save = h('button', { type: 'submit', class: 'primary', text: t('save') });
      const close = () => {
        clearInterval(clock);
        box.remove();
        old.hidden = false;
      };
      const over = () => {
        clearInterval(clock);
        r.expired = true;
        state(r);
        time.textContent = '';
        save.remove();
        note.textContent = t('editOver');
        if (closed || r.c.status === 'held' || r.reply.hidden) return;
        const move = h('button', { type: 'button', class: 'primary', text: t('asReply'), onclick: () => {
          const text = w.text.value;
          close();
          answer(r, false, false);
          const rw = r.writer;
          rw.text.value = ((rw.text.value.trim() ? rw.text.value.replace(/\s*$/, '\n\n') : '') + text).slice(0, MAX);
          keep(rw.pid, rw.text.value);
          counter(rw);
          rw.text.focus();
          rw.text.setSelectionRange(rw.text.value.length, rw.text.value.length);
        } });
        box.querySelector('.actions').prepend(move);
        move.focus();
      };
      const tock = () => {
        const left = Date.parse(r.c.created_at) + editMinutes * 60000 - (Date.now() + skew);
        if (!(left > 0)) return over();
        const n = Math.floor(left / 60000);
        const said = n ? t('editLeft', { n }) : t('editLast');
        if (time.textContent !== said) time.textContent = said;
      };
      const clock = setInterval(() => { if (box.isConnected) tock(); else clearInterval(clock); }, 1000);
      const box = h('form', { class: 'form edit', 'aria-label': t('editing'), onsubmit: (ev) => {
        ev.preventDefault();
        if (!save.isConnected) return;
        run(box, note, { body: w.text }, async () => {
          let c, code;
          try {
            [c, code] = await send('PATCH', 'comments/' + r.c.id, { body: w.text.value });
          } catch (e) {
            if (e.code === 'edit_window_over') return over();
            throw e;
          }
          clearInterval(clock);
          store.set(POSTED_KEY, String(Date.now()));
          const shown = r.c.status !== 'held';
          r.c = Object.assign({}, r.c, c, { dom: null }); /* the new text, not the page's markup */
          if (code === 202) {
            r.c.status = 'held';
            if (shown) {
              count--;
              showCount();
              bump(r, -1);
            }
            thanks.textContent = t('editHeld');
          }
          redraw(r);
          r.art.tabIndex = -1;
          r.art.focus();
        });
      } }, textarea(w, 'rostra-f' + ++uid, t('editing'), '4', r.c.body), time, note,
      buttons(save, h('button', {
        type: 'button', class: 'secondary', text: t('cancel'), onclick: () => {
          close();
          (r.edit.hidden ? r.reply : r.edit).focus();
        } })));
      w.text.addEventListener('input', () => counter(w));
      w.text.setAttribute('aria-describedby', timeId);
      old.hidden = true;
      old.after(box);
      tock();
      if (save.isConnected) w.text.focus();
    };

    /* One comment's article: who, when (a permalink), its words, and, for a
     * record r (not a featured copy), its id and its buttons. */
    const card = (c, r) => {
      const ms = Date.parse(c.edited_at);
      const foot = r && !c.removed ? h('footer', null) : null;
      const art = h('article', { id: r ? 'comment-' + c.id : null },
        h('header', null,
          c.removed ? null : h('span', { class: 'author', text: String(c.author_name || '') }),
          c.badge === 'staff' || c.badge === 'guest' ? h('span', { class: 'badge', text: t(c.badge) }) : null,
          c.featured ? h('span', { class: 'badge featured', text: t('featured') }) : null,
          c.depth > depthMax && c.reply_to ? h('span', { class: 'to', text: t('to', { name: String(c.reply_to) }) }) : null,
          c.removed ? null : h('a', { class: 'permalink', href: here() + '#comment-' + c.id }, stamp(c.created_at)),
          c.edited_at && !c.removed ? h('span', { class: 'edited', title: isNaN(ms) ? null : t('editedAt', { time: exact(ms) }), text: t('edited') }) : null),
        c.status === 'held' ? h('p', { class: 'review', text: t(c.modView ? 'heldMod' : 'review') }) : null,
        c.removed ? h('p', { class: 'removed', text: t('removed') }) : bodyOf(c),
        foot);
      if (foot) {
        const b = (cls, text, onclick) => h('button', { type: 'button', class: cls, text, onclick });
        r.like = c.status === 'held' ? null : b('react', '', () => like(r));
        r.count = h('span', { class: 'replies-count' });
        r.reply = b('link', t('reply'), () => answer(r, false));
        r.quote = b('link', t('quote'), () => answer(r, true));
        r.edit = b('link', t('edit'), () => edit(r));
        r.del = b('link delete', t('del'), () => remove(r));
        r.rep = b('link delete', t('report'), () => report(r));
        r.repd = h('span', { class: 'reported', text: t('reportedMark') });
        foot.append(r.like || '', r.count, r.reply, r.quote, r.edit, r.del, r.rep, r.repd);
        r.ask = h('p', { class: 'ask', role: 'alert' });
        foot.after(r.ask);
      }
      r && (r.foot = foot);
      return art;
    };
    const redraw = (r) => {
      const old = r.art;
      r.art = card(r.c, r);
      r.li.className = r.c.status === 'held' ? r.kind + ' held' : r.kind;
      old.replaceWith(r.art);
      state(r);
    };

    /* A record for comment c: a top-level one (top null) heads a thread
     * with its replies listed flat, depth first, each indented by depth. */
    const record = (c, top) => {
      const depth = Math.min(Number(c.depth) || 0, depthMax);
      const r = { c, top, n: Number(c.reactions) || 0, kind: top ? 'comment reply d' + depth : 'comment' };
      r.li = h('li', { 'data-depth': String(Number(c.depth) || 0) });
      r.art = h('article');
      r.li.append(r.art);
      items.set(c.id, r);
      if (c.status === 'held') mine.own.add(c.id);
      redraw(r);
      return r;
    };
    const thread = (c) => {
      const r = record(c, null);
      r.replies = h('ol', { class: 'replies' });
      r.moreBox = h('div', { class: 'more-replies' });
      r.li.append(r.replies, r.moreBox);
      for (const x of c.replies || []) place(x, r, false);
      /* No replies listed yet (replies_shown 0): more of them start at the first. */
      moreReplies(r, c.more_replies, c.replies_cursor != null ? c.replies_cursor
        : c.more_replies > 0 && !(c.replies || []).length ? '' : null);
      return r;
    };
    /* A reply into top's thread: in listing order, or (inPlace) right after
     * its parent's replies so far. */
    const place = (c, top, inPlace) => {
      if (items.has(c.id)) return null;
      const p = inPlace && items.get(c.parent_id);
      let next = null;
      if (p && p.top === top) {
        for (next = p.li.nextElementSibling; next && Number(next.dataset.depth) > Number(p.c.depth);) next = next.nextElementSibling;
      }
      const r = record(c, top);
      top.replies.insertBefore(r.li, next);
      return r;
    };
    /* "Show N more replies", from the thread's cursor; N when known. */
    const moreReplies = (r, n, cursor) => {
      r.moreBox.replaceChildren();
      if (cursor == null) return;
      const note = h('p', { class: 'error', role: 'alert' });
      const btn = h('button', { type: 'button', class: 'link', text: n > 0 ? t('more', { n }) : t('moreAny'), onclick: async () => {
        btn.disabled = true;
        note.textContent = '';
        try {
          const [p] = await call(V1 + 'comments/' + r.c.id + '/replies' + (cursor ? '?cursor=' + encodeURIComponent(cursor) : ''));
          const got = (p.replies || []).map((x) => place(x, r, false)).filter(Boolean);
          moreReplies(r, n > 0 ? n - (p.replies || []).length : null, p.replies_cursor);
          if (got.length) {
            got[0].art.tabIndex = -1;
            got[0].art.focus();
          }
        } catch (e) {
          note.textContent = say(e);
          btn.disabled = false;
        }
      } });
      r.moreBox.append(btn, note);
    };
    /* Comments only this reader sees (held ones): under their parent when it is shown. */
    const addHeld = (comments) => {
      for (const c of comments || []) {
        if (!c || items.has(c.id)) continue;
        const p = c.parent_id && items.get(c.parent_id);
        if (p) place(c, p.top || p, true);
        else list.prepend(thread(Object.assign({}, c, { replies: [] })).li);
      }
    };

    /* The reader's part of the page: held comments, own comments, reactions. */
    const loadMine = async () => {
      mine.own.clear();
      mine.reacted.clear();
      mine.reported.clear();
      for (const [id, r] of items) if (r.c.status === 'held') mine.own.add(id);
      if (user) {
        const [m] = await call(V1 + path + '/mine').catch(() => [null]);
        if (m) {
          addHeld(m.comments);
          for (const id of m.own || []) mine.own.add(id);
          for (const id of m.reacted || []) mine.reacted.add(id);
          for (const id of m.reported || []) mine.reported.add(id);
        }
      }
      for (const r of items.values()) state(r);
    };

    /* Comments the moderators chose, shown first (again in their place below). */
    const featuredBox = (comments) => (comments && comments.length
      ? h('section', { class: 'picks', 'aria-label': t('picks') },
        h('h3', { text: t('featured') }), h('ul', { class: 'list' }, ...comments.map((c) => h('li', { class: 'comment' }, card(c, null)))))
      : null);

    const pageUrl = (cursor) => V1 + path + (sort !== 'newest' || cursor ? '?' : '') +
      (sort !== 'newest' ? 'sort=' + sort + (cursor ? '&' : '') : '') + (cursor ? 'cursor=' + encodeURIComponent(cursor) : '');

    const showMore = (cursor) => {
      more.replaceChildren();
      if (cursor == null) return;
      const note = h('p', { class: 'error', role: 'alert' });
      const btn = h('button', { type: 'button', class: 'secondary', text: t('moreTop'), onclick: async () => {
        btn.disabled = true;
        note.textContent = '';
        try {
          const [page] = await call(pageUrl(cursor));
          const got = [];
          for (const c of page.comments || []) if (!items.has(c.id)) got.push(thread(c));
          list.append(...got.map((r) => r.li));
          showMore(page.next_cursor);
          if (got.length) {
            got[0].art.tabIndex = -1;
            got[0].art.focus();
          }
        } catch (e) {
          note.textContent = t('moreFail') + ' ' + say(e);
          btn.disabled = false;
        }
      } });
      more.append(btn, note);
    };

    const post = (w) => run(w.form, w.alert, { author_name: w.name, body: w.text }, async () => {
      w.thanks.textContent = '';
      await chain; /* know who is posting first */
      const guest = !user;
      const data = { body: w.text.value, title: [...document.title].slice(0, 200).join(''), url: location.origin + location.pathname };
      if (w.parent) data.parent_id = w.parent.c.id;
      if (guest) data.author_name = w.name.value;
      /* One key per comment, kept while its text is unchanged: sending it
       * again after a failure can never store it twice. */
      if (!w.key || w.keyFor !== data.body) {
        w.key = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
        w.keyFor = data.body;
      }
      const once = { 'Idempotency-Key': w.key };
      let answered;
      try {
        answered = await send('POST', path, data, once);
      } catch (e) {
        if (e.status !== 401) throw e;
        /* A session ended elsewhere leaves its cookie here, and the server
         * refuses it: end it (which clears the cookie), then a guest tries
         * once more and a signed-in reader is shown as signed out. */
        const [, ended] = await send('DELETE', 'session').catch(() => []);
        if (!guest) {
          queue(() => show(null));
          throw e;
        }
        if (ended !== 204) throw e;
        answered = await send('POST', path, data, once);
      }
      w.key = null;
      const [c, code] = answered;
      store.set(POSTED_KEY, String(Date.now()));
      if (guest) {
        /* The post made this browser a guest with a session: show it. */
        store.set(NAME_KEY, w.name.value);
        queue(whoami);
      }
      w.text.value = '';
      keep(w.pid, '');
      counter(w);
      const held = code === 202;
      if (held) c.status = 'held';
      else mine.own.add(c.id);
      let r;
      if (w.parent) {
        shut(w, true);
        r = place(c, w.parent.top || w.parent, true);
      } else {
        r = thread(Object.assign({ replies: [] }, c));
        list.prepend(r.li);
      }
      if (!held) {
        count++;
        bump(r, 1);
      }
      showCount();
      state(r);
      if (!w.parent) thanks.textContent = t(held ? 'held' : 'published');
      if (w.parent) {
        r.art.tabIndex = -1;
        r.art.focus();
      }
    });

    /* A permalink (#comment-ID): the comment if it is on the page, else its
     * thread fetched and shown first; scrolled to, highlighted, focused. */
    let linkedTop = null;
    /* Held comment id of this article as a moderator's queue shows it
     * (status held, reply_to the comment it answers), or null. */
    const heldOne = async (id) => {
      if (!user || !['moderator', 'admin'].includes(user.role)) return null;
      let cursor = '';
      for (let n = 0; n < 5 && cursor != null; n++) {
        const [p] = await call(V1 + 'moderation/comments?queue=pending&limit=100&article=' + encodeURIComponent(key) +
          (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''), { cache: 'no-store' });
        const c = (p.items || []).find((y) => y.id === id && y.status === 'held');
        if (c) return Object.assign({}, c, { modView: true, reactions: 0, reply_count: 0 });
        cursor = p.next_cursor;
      }
      return null;
    };
    const drop = (r) => {
      for (const [id, x] of items) if (x === r || x.top === r) items.delete(id);
      r.li.remove();
    };
    const target = async () => {
      const m = /^#comment-(\d+)$/.exec(location.hash);
      if (!m) return;
      let el = root.getElementById('comment-' + m[1]);
      if (!el) {
        let x;
        let held = null;
        try {
          [x] = await call(V1 + 'comments/' + m[1] + '/context');
        } catch (e) {
          if (e.status !== 404) return;
          /* A held comment is not public: a moderator (the queue's "Open
           * in thread") sees it in its parent's thread, marked as held. */
          held = await heldOne(Number(m[1])).catch(() => null);
          if (!held) {
            if (document.querySelectorAll('[data-rostra-article]').length !== 1) return;
            /* Said where the reader is taken, in the page's ink, and focused. */
            const gone = h('p', { class: 'gone', tabindex: '-1', text: t('linkGone') });
            status.replaceChildren(gone);
            await styled;
            gone.scrollIntoView({ block: 'center', behavior: 'auto' });
            gone.focus({ preventScroll: true });
            return;
          }
          x = held.reply_to ? await call(V1 + 'comments/' + held.reply_to.id + '/context').then(([y]) => y, () => null) : null;
          if (!x) {
            x = { article: { key }, thread: Object.assign({}, held, { replies: [] }) };
            held = null;
          }
        }
        if (!x.article || x.article.key !== key || !x.thread) return;
        const old = items.get(x.thread.id);
        if (old && !old.top) drop(old);
        if (linkedTop) drop(linkedTop);
        linkedTop = thread(x.thread);
        if (held) {
          const p = items.get(held.reply_to.id);
          place(Object.assign({}, held, { depth: p ? Number(p.c.depth) + 1 : 1, parent_id: held.reply_to.id,
            reply_to: held.reply_to.author_name }), linkedTop, true);
        }
        linkBox.replaceChildren(h('h3', { text: t('linked') }), h('ol', { class: 'list' }, linkedTop.li));
        linkBox.hidden = false;
        for (const [, r] of items) state(r);
        el = root.getElementById('comment-' + m[1]);
        if (!el) return;
      }
      await styled;
      root.querySelectorAll('.target').forEach((e) => e.classList.remove('target'));
      el.classList.add('target');
      el.tabIndex = -1;
      el.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
      el.focus({ preventScroll: true });
    };
    window.addEventListener('hashchange', () => { if (host.isConnected) target(); });

    /* New comments: the count polled (nginx's cache answers the
     * revalidation); shown on request only, never inserted on their own. */
    const every = Number(host.getAttribute('data-rostra-poll') || 15); /* seconds; 0: never */
    let loaded = false;
    const showFresh = async (btn) => {
      btn.disabled = true;
      try {
        const [page] = await call(V1 + path, { cache: 'no-cache' });
        const tops = [];
        const added = [];
        for (const c of page.comments || []) {
          const r = items.get(c.id);
          if (!r) {
            tops.push(thread(c));
            continue;
          }
          if (r.top) continue;
          for (const x of c.replies || []) {
            const n = place(x, r, true);
            if (n) {
              added.push(n);
              bump(n, 1);
            }
          }
          r.c.reply_count = c.reply_count;
          state(r);
        }
        list.prepend(...tops.map((r) => r.li));
        count = Number(page.article && page.article.comment_count) || count;
        showCount();
        fresh.replaceChildren();
        const first = tops[0] || added[0];
        if (first) {
          first.art.tabIndex = -1;
          first.art.focus();
        }
      } catch (e) {
        btn.disabled = false;
        fresh.append(h('p', { class: 'error', role: 'alert', text: say(e) }));
      }
    };
    const poll = async () => {
      if (!host.isConnected) return clearInterval(poller);
      if (!loaded || closed || document.visibilityState !== 'visible') return;
      try {
        const [d] = await call(V1 + 'counts?article=' + encodeURIComponent(key), { cache: 'no-cache' });
        const n = Number(d.counts && d.counts[key]) || 0;
        const shown = fresh.querySelector('button');
        if (n <= count) fresh.replaceChildren();
        else if (!shown || shown.dataset.n !== String(n - count)) {
          const btn = h('button', { type: 'button', class: 'secondary news', 'data-n': String(n - count), text: t('fresh', { n: n - count }),
            onclick: () => showFresh(btn) });
          fresh.replaceChildren(btn);
        }
      } catch (e) { /* try again next time */ }
    };
    const poller = every > 0 ? setInterval(poll, Math.max(1, every) * 1000) : 0;
    if (poller) document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') poll(); });

    let loads = 0; /* only the latest load shows (the sort may change again meanwhile) */
    const load = async () => {
      const first = !loaded;
      const ticket = ++loads;
      section.setAttribute('aria-busy', 'true');
      status.replaceChildren(h('p', { class: 'note', text: t('loading') }));
      const recent = Date.now() - Number(store.get(POSTED_KEY) || 0) < FRESH_MS;
      try {
        /* The page (and so its included thread) is fetched without the
         * rostra_fresh cookie, which lives under /comments/: right after
         * this browser changed something, its copy may be nginx's older one. */
        const [page] = ssr && sort === 'newest' && !recent ? [ssr] : await call(pageUrl(), recent ? { cache: 'no-cache' } : {});
        ssr = null;
        if (ticket !== loads) return;
        count = Number(page.article && page.article.comment_count) || 0;
        closed = !!(page.article && page.article.closed);
        if (typeof page.reaction_label === 'string' && page.reaction_label && page.reaction_label !== 'Like') label = page.reaction_label;
        if (page.reply_depth > 0) depthMax = page.reply_depth;
        if (page.edit_minutes >= 0) editMinutes = page.edit_minutes;
        status.replaceChildren();
        items.clear();
        writers.forEach((w) => { if (w !== main) writers.delete(w); });
        linkedTop = null;
        linkBox.replaceChildren();
        linkBox.hidden = true;
        list.replaceChildren(...(page.comments || []).map((c) => thread(c).li));
        showMore(page.next_cursor);
        await identified;
        await chain;
        await loadMine();
        showCount();
        /* A closed thread keeps its comments and says so instead of offering
         * the form. Later loads (another order) replace only the list, so
         * focus stays where it is. */
        if (first) body.replaceChildren(...(closed
          ? [h('p', { class: 'closed', role: 'status', text: t('closed') })]
          : [h('p', { class: 'prompt', text: t('prompt') }), composer]),
        ...[featuredBox(page.featured)].filter(Boolean), bar, fresh, linkBox, list, more);
        loaded = true;
        /* Reply drafts come back open under their comments. */
        if (!closed) for (const pid of Object.keys(drafts())) if (items.has(Number(pid))) answer(items.get(Number(pid)), false, false);
        if (first) {
          await styled;
          takeOver();
          await target();
        }
      } catch (e) {
        if (ticket !== loads) return;
        status.replaceChildren(h('p', { class: 'error', text: t('loadFail') }),
          h('button', { type: 'button', class: 'secondary', text: t('retry'), onclick: load }));
      } finally {
        if (ticket === loads) section.removeAttribute('aria-busy');
        if (first) styled.then(takeOver);
      }
    };

    load();
  };

  /* Single sign-on tokens are used once each, before the first /me. */
  const used = new Set();
  let asked = false;
  const scan = () => {
    const hosts = document.querySelectorAll('[data-rostra-article]');
    hosts.forEach((el) => {
      try { mount(el); } catch (e) { /* e.g. the host already has a shadow root */ }
      const token = el.getAttribute('data-rostra-sso');
      if (token && !used.has(token)) {
        used.add(token);
        asked = true;
        /* A refused token (expired, replayed) leaves whatever session there is. */
        queue(() => sso(token).catch(whoami));
      }
    });
    if (!asked && hosts.length) {
      asked = true;
      queue(whoami);
    }
  };

  /* For the news site: after its own login, hand Rostra the single sign-on
   * token its backend issued; every embed on the page shows the reader. */
  window.Rostra = Object.assign(window.Rostra || {}, {
    signIn: (token) => queue(() => sso(token)).then((u) => Object.assign({}, u)),
  });

  scan();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
})();
