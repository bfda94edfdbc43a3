// The search form's filters: shown in place on a wide screen; on a phone, in a full-screen
// dialog opened by « Filtres (n) » (a button elsewhere in the form, which sends OPEN_EVENT).
// Opening and closing happen in the browser alone, without a round trip to the server, so the
// dialog answers at once; the focus goes back to what opened it.
const NARROW = "(max-width: 767.98px)";
const OPEN_EVENT = "pass-filters-open";
const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';

export default {
  props: ["title"],
  template: `
    <div
      ref="panel"
      class="pass-filters"
      :class="{ 'pass-filters--open': opened }"
      :role="opened ? 'dialog' : null"
      :aria-modal="opened ? 'true' : null"
      :aria-labelledby="opened ? titleId : null"
      @keydown="key"
    >
      <div class="pass-filters-bar">
        <h2 :id="titleId" tabindex="-1" ref="heading" class="text-xl font-bold">{{ title }}</h2>
        <button
          type="button"
          class="pass-filters-close q-btn q-btn-item non-selectable no-outline q-btn--flat q-btn--rectangle text-primary q-btn--actionable q-focusable q-hoverable"
          @click="close"
        >
          <span class="q-focus-helper"></span>
          <span class="q-btn__content text-center col items-center q-anchor--skip justify-center row">
            <span class="block">Fermer</span>
            <i class="q-icon on-right notranslate material-icons" aria-hidden="true">close</i>
          </span>
        </button>
      </div>
      <slot></slot>
    </div>
  `,
  data() {
    return { opened: false, titleId: "pass-filters-title-" + Math.random().toString(36).slice(2) };
  },
  mounted() {
    // A phone turned sideways, or a window widened, shows the filters in place again.
    this.media = window.matchMedia(NARROW);
    this.onMedia = () => {
      if (!this.media.matches && this.opened) this.close();
    };
    this.media.addEventListener("change", this.onMedia);
    this.onOpen = (event) => this.open(event.detail);
    window.addEventListener(OPEN_EVENT, this.onOpen);
  },
  unmounted() {
    this.media.removeEventListener("change", this.onMedia);
    window.removeEventListener(OPEN_EVENT, this.onOpen);
    document.body.classList.remove("pass-filters-shown");
  },
  methods: {
    open(opener) {
      this.returnTo = opener || document.activeElement;
      this.opened = true;
      document.body.classList.add("pass-filters-shown");
      this.$nextTick(() => this.$refs.heading.focus());
    },
    close() {
      if (!this.opened) return;
      this.opened = false;
      document.body.classList.remove("pass-filters-shown");
      this.$nextTick(() => this.returnTo && this.returnTo.focus());
    },
    key(event) {
      if (!this.opened) return;
      // A list open inside the dialog closes first: Quasar handles that Escape itself.
      if (event.key === "Escape" && !document.querySelector(".q-menu")) {
        event.preventDefault();
        this.close();
      } else if (event.key === "Tab") {
        this.trap(event);
      }
    },
    trap(event) {
      const shown = [...this.$refs.panel.querySelectorAll(FOCUSABLE)].filter(
        (element) => element.offsetParent !== null,
      );
      if (!shown.length) return;
      const first = shown[0];
      const last = shown[shown.length - 1];
      if (event.shiftKey && (document.activeElement === first || document.activeElement === this.$refs.heading)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    },
  },
};
