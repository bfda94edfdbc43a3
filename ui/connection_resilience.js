// What a lost connection must not cost the visitor (see connection_resilience.py): the input
// kept in the tab's sessionStorage and given back after a reload, a French notice read out
// politely while the connection is lost, and prompt reconnection attempts.
(() => {
  const DRAFT_KEY = "pass-draft:" + location.pathname + location.search;
  const navigation = performance.getEntriesByType("navigation")[0];
  // NiceGUI reloads the page when the server no longer knows it (a drop longer than its
  // reconnect timeout), as a visitor's F5 does; following a link or the form's own « Lancer »
  // or « Réinitialiser » is a new navigation, which starts from what the address says.
  const reloaded = navigation !== undefined && navigation.type === "reload";
  let draft = {};
  let pending = null;
  try {
    const saved = sessionStorage.getItem(DRAFT_KEY);
    sessionStorage.removeItem(DRAFT_KEY);
    if (reloaded && saved) pending = JSON.parse(saved);
  } catch (e) {
    pending = null; // storage refused (private mode, quota): nothing kept, nothing lost
  }

  function save() {
    try {
      sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
    } catch (e) {
      // as above
    }
  }

  window.passDraft = {
    // Called by each kept field's own update:model-value handler, connected or not.
    record(name, value) {
      draft[name] = value;
      save();
    },
    // What the server puts back into its fields, once: kept again for a further reload.
    take() {
      const given = pending;
      pending = null;
      if (given) {
        draft = { ...given, ...draft };
        save();
      }
      return given;
    },
  };

  const LOST = "Connexion perdue. Reconnexion en cours…";
  const KEPT = "La page reprendra d'elle-même au retour du réseau.";
  const BACK = "Connexion rétablie.";

  function watchConnection() {
    const popup = document.getElementById("popup");
    if (!popup) return;
    const lines = popup.querySelectorAll("span");
    if (lines.length >= 2) {
      lines[0].textContent = LOST;
      lines[1].textContent = KEPT;
    }
    popup.classList.add("pass-connection-popup");
    // The popup is hidden from screen readers while it is hidden from view (aria-hidden, which
    // NiceGUI toggles); this one region says that the connection was lost and that it is back.
    // A page with its own polite region (ui/announcer.py) says it there: one region a page.
    // Elsewhere a region of ours is added, the first time there is something to say.
    function region() {
      let found = document.querySelector(".pass-announcer, #pass-connection-status");
      if (!found) {
        found = document.createElement("div");
        found.id = "pass-connection-status";
        found.setAttribute("role", "status");
        found.className = "pass-visually-hidden";
        document.body.appendChild(found);
      }
      return found;
    }
    // Said as the popup shows, after NiceGUI's 2 s of grace (a blip is not worth a word), and
    // « rétablie » only after a loss that was said.
    let lost = false;
    let said = false;
    let timer = null;
    new MutationObserver(() => {
      const shown = popup.getAttribute("aria-hidden") === "false";
      if (shown === lost) return;
      lost = shown;
      clearTimeout(timer);
      if (shown) {
        timer = setTimeout(() => {
          region().textContent = `${LOST} ${KEPT}`;
          said = true;
        }, 2000);
      } else if (said) {
        said = false;
        const status = region();
        status.textContent = BACK;
        timer = setTimeout(() => (status.textContent = ""), 5000);
      }
    }).observe(popup, { attributes: true, attributeFilter: ["aria-hidden"] });
  }

  // socket.io waits up to 5 s (plus half again at random) between attempts: after the network
  // comes back, the page could stay dead that long. An attempt while still offline fails at
  // once and costs nothing.
  function tuneReconnection(tries) {
    if (!window.socket) {
      if (tries > 0) setTimeout(() => tuneReconnection(tries - 1), 50);
      return;
    }
    window.socket.io.reconnectionDelay(500);
    window.socket.io.reconnectionDelayMax(1500);
  }

  document.addEventListener("DOMContentLoaded", () => {
    watchConnection();
    tuneReconnection(400);
  });
})();
