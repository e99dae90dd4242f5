/* Drafts for tired hands.
 *
 * What a member types into a form marked data-draft="field names" is kept in this browser
 * (localStorage) as they type, and put back after a reload, a crash or a lost connection.
 * Progressive enhancement only: without JavaScript, or without storage, the forms post as before.
 *
 * Keys are "mmn-draft:<member id>:<path the form posts to>:<field>": the reply box on a thread
 * page and the reply page shown after a mistake post to the same path, so they share a draft,
 * and two members who share a computer never see each other's. Drafts older than a week go.
 *
 * Restoring: only into a form the server sent fresh. A form sent back after a mistake (marked
 * data-draft-bound) already holds what the member posted; it is never overwritten, and becomes
 * the draft.
 *
 * Clearing after a successful post. The server answers a good post with a redirect to the
 * thread page (marked data-drafts-landing), and a refused or mistaken one with the form again,
 * never a redirect. So on submit the form's keys are noted in sessionStorage (this tab only),
 * and the next page that runs this script settles the note: reached through a redirect, and a
 * thread page, means the post went through, so its draft is cleared. Anything else keeps it: the
 * form back with errors, the browser's own page for a lost connection followed by Back or Reload,
 * or the sign-in page after a session ran out (which leads back to the form, not a thread). The
 * note is honoured for ten minutes only, so a later unrelated redirect cannot clear a draft.
 */
(() => {
  "use strict";

  const PREFIX = "mmn-draft:";
  const PENDING = "mmn-draft-pending";
  const KEEP_FOR = 7 * 24 * 60 * 60 * 1000;
  const PENDING_FOR = 10 * 60 * 1000;
  const SAVE_AFTER = 700; // milliseconds after the last change
  const ANNOUNCE_EVERY = 30 * 1000; // say "Draft saved" at most this often: not chatty

  const usable = (name) => {
    try {
      const store = window[name];
      store.setItem(PREFIX + "probe", "1");
      store.removeItem(PREFIX + "probe");
      return store;
    } catch (error) {
      return null; // storage switched off or full: no drafts, the form still works
    }
  };
  const local = usable("localStorage");
  const session = usable("sessionStorage");
  if (!local) return;

  const read = (store, key) => {
    try {
      return JSON.parse(store.getItem(key));
    } catch (error) {
      return null;
    }
  };

  const dropOldDrafts = () => {
    const now = Date.now();
    for (let index = local.length - 1; index >= 0; index -= 1) {
      const key = local.key(index);
      if (key && key.startsWith(PREFIX)) {
        const draft = read(local, key);
        if (!draft || typeof draft.at !== "number" || now - draft.at > KEEP_FOR) {
          local.removeItem(key);
        }
      }
    }
  };

  const reachedByRedirect = () => {
    const [navigation] = performance.getEntriesByType
      ? performance.getEntriesByType("navigation")
      : [];
    if (navigation) return navigation.redirectCount > 0;
    return Boolean(performance.navigation && performance.navigation.redirectCount > 0);
  };

  const settleLastPost = () => {
    if (!session) return;
    const pending = read(session, PENDING);
    session.removeItem(PENDING);
    if (!pending || !Array.isArray(pending.keys) || Date.now() - pending.at > PENDING_FOR) return;
    if (reachedByRedirect() && document.querySelector("[data-drafts-landing]")) {
      pending.keys.forEach((key) => local.removeItem(key));
    }
  };

  const when = (time) => {
    const date = new Date(time);
    const clock = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    if (date.toDateString() === new Date().toDateString()) return clock;
    return `${date.toLocaleDateString([], { day: "numeric", month: "long" })}, ${clock}`;
  };

  // One field to keep: a text box, or a group of radio buttons (who can read a thread).
  const fieldOf = (form, name, bound) => {
    const control = form.elements.namedItem(name);
    if (!control) return null;
    const group = typeof RadioNodeList !== "undefined" && control instanceof RadioNodeList;
    let sent = control.defaultValue;
    if (group) {
      const checked = Array.from(control).find((radio) => radio.defaultChecked);
      sent = checked ? checked.value : "";
    }
    return {
      name,
      get: () => control.value,
      set: (value) => {
        control.value = value;
      },
      // What the page came with (empty for a new post, the saved words when editing): text that
      // differs from it is a draft. Sent back after a mistake, everything in the form is.
      original: bound ? "" : sent,
    };
  };

  const setUp = (form) => {
    const bound = form.hasAttribute("data-draft-bound");
    const fields = form.dataset.draft
      .split(/\s+/)
      .filter(Boolean)
      .map((name) => fieldOf(form, name, bound))
      .filter(Boolean);
    if (!fields.length) return;
    const target = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    const base = `${PREFIX}${form.dataset.draftOwner || ""}:${target.pathname}:`;
    const keyOf = (field) => base + field.name;

    const tools = document.createElement("div");
    tools.className = "draft-tools";
    const status = document.createElement("p");
    status.className = "draft-status";
    status.setAttribute("aria-live", "polite");
    // Present before anything changes, so screen readers announce what comes later, not this.
    status.textContent = "What you type is kept in this browser as a draft until you post it.";
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button button-secondary";
    discard.textContent = "Discard draft";
    discard.hidden = true;
    tools.append(status, discard);
    form.append(tools);

    let timer = null;
    let lastSaid = 0;
    let undo = null; // what "Discard draft" took away, until the member types again

    const say = (text) => {
      status.textContent = text;
      lastSaid = Date.now();
    };
    const hasDraft = () => fields.some((field) => local.getItem(keyOf(field)) !== null);
    const showDiscard = () => {
      discard.hidden = !(undo || hasDraft());
    };

    const save = ({ quiet = false } = {}) => {
      clearTimeout(timer);
      timer = null;
      try {
        fields.forEach((field) => {
          const value = field.get();
          if (value.trim() === "" || value === field.original) {
            local.removeItem(keyOf(field));
          } else {
            local.setItem(keyOf(field), JSON.stringify({ value, at: Date.now() }));
          }
        });
      } catch (error) {
        say("Your draft could not be saved in this browser. What you typed is still here.");
        return;
      }
      showDiscard();
      if (!quiet && hasDraft() && Date.now() - lastSaid >= ANNOUNCE_EVERY) {
        say(`Draft saved in this browser at ${when(Date.now())}.`);
      }
    };

    const restore = () => {
      let newest = 0;
      fields.forEach((field) => {
        const draft = read(local, keyOf(field));
        if (draft && typeof draft.value === "string" && draft.value !== field.get()) {
          field.set(draft.value);
          newest = Math.max(newest, draft.at || 0);
        }
      });
      if (newest) {
        say(`Your draft from ${when(newest)} is back. Post it when you are ready, or discard it.`);
      }
      showDiscard();
    };

    form.addEventListener("input", (event) => {
      if (!fields.some((field) => field.name === event.target.name)) return;
      if (undo) {
        undo = null;
        discard.textContent = "Discard draft";
      }
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_AFTER);
    });

    discard.addEventListener("click", () => {
      if (undo) {
        fields.forEach((field) => field.set(undo.get(field.name)));
        undo = null;
        discard.textContent = "Discard draft";
        save({ quiet: true });
        say("Your draft is back.");
        return;
      }
      undo = new Map(fields.map((field) => [field.name, field.get()]));
      fields.forEach((field) => {
        local.removeItem(keyOf(field));
        field.set(field.original);
      });
      // The button stays where the focus is, offering the way back.
      discard.textContent = "Bring the draft back";
      say("Draft discarded.");
    });

    form.addEventListener("submit", () => {
      save({ quiet: true });
      if (session && hasDraft()) {
        session.setItem(PENDING, JSON.stringify({ keys: fields.map(keyOf), at: Date.now() }));
      }
    });

    // Leaving or hiding the page (a reload, a closed tab, a phone locking): keep the last words.
    window.addEventListener("pagehide", () => {
      if (timer) save({ quiet: true });
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && timer) save({ quiet: true });
    });

    if (bound) {
      save({ quiet: true });
    } else {
      restore();
    }
  };

  dropOldDrafts();
  settleLastPost();
  document.querySelectorAll("form[data-draft]").forEach(setUp);
})();
