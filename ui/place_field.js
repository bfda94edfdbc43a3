// A place and its radius in one element: a Quasar select with typing (an ARIA combobox: label,
// aria-expanded, a listbox of options, arrows, Enter and Escape) whose options the server finds
// among the communes, and a short select of radii. The server keeps only the value
// { place, label, radius }: `place` is the INSEE code of a commune chosen in the list, or the
// text typed when none was chosen (resolved on submit).
export default {
  props: ["label", "radiusLabel", "radii", "modelValue", "error"],
  emits: ["update:model-value", "search"],
  template: `
    <div class="pass-place row no-wrap items-start" style="gap: 0.5rem">
      <q-select
        class="col"
        outlined
        clearable
        use-input
        hide-selected
        fill-input
        input-debounce="200"
        :label="label"
        :model-value="chosen"
        :options="options"
        :error="!!error"
        @filter="filter"
        @update:model-value="choose"
        @blur="leave"
      >
        <template v-slot:option="scope">
          <q-item v-bind="scope.itemProps">
            <q-item-section>
              <q-item-label>{{ scope.opt.label }}</q-item-label>
              <q-item-label caption class="text-grey-9">{{ scope.opt.caption }}</q-item-label>
            </q-item-section>
          </q-item>
        </template>
        <template v-slot:error>
          <div :id="errorId" role="alert">{{ error }}</div>
        </template>
        <template v-slot:no-option>
          <q-item role="option" aria-disabled="true">
            <q-item-section class="text-grey-9">Aucune commune de ce nom</q-item-section>
          </q-item>
        </template>
      </q-select>
      <q-select
        v-if="radii.length"
        outlined
        style="min-width: 6.5rem"
        emit-value
        map-options
        :label="radiusLabel"
        :model-value="modelValue.radius"
        :options="radii.map((km) => ({ value: km, label: km + ' km' }))"
        @update:model-value="(radius) => emit({ ...modelValue, radius })"
      />
    </div>
  `,
  data() {
    return {
      options: [], typed: false, pending: null, needle: "", known: {},
      errorId: "pass-place-error-" + Math.random().toString(36).slice(2),
    };
  },
  watch: {
    // The input itself says it is wrong and by what message, as the site's other fields do.
    error() {
      this.$nextTick(() => {
        const input = this.$el.querySelector("input");
        if (this.error) {
          input.setAttribute("aria-invalid", "true");
          input.setAttribute("aria-describedby", this.errorId);
        } else {
          input.removeAttribute("aria-invalid");
          input.removeAttribute("aria-describedby");
        }
      });
    },
  },
  mounted() {
    // Only the visitor's own typing: Quasar also rewrites the input (emptied to list every
    // option on focus, the chosen label put back on blur), which must not replace the place.
    this.$el.querySelector("input").addEventListener("input", () => {
      this.typed = true;
    });
  },
  computed: {
    chosen() {
      const value = this.modelValue;
      return value.place ? { value: value.place, label: value.label || value.place } : null;
    },
  },
  methods: {
    emit(value) {
      this.$emit("update:model-value", value);
    },
    choose(option) {
      this.typed = false;
      const label = option ? option.label : "";
      this.emit({ ...this.modelValue, place: option ? option.value : "", label });
    },
    keep(text) {
      if (!this.typed) return;
      // Typed but not chosen: kept as text, for the server to resolve or explain on submit.
      text = (text || "").trim();
      if (text !== (this.modelValue.label || "")) {
        this.emit({ ...this.modelValue, place: text, label: text });
      }
    },
    leave() {
      // Read from the input itself: Quasar puts the chosen label back in it right after.
      this.keep(this.$el.querySelector("input").value);
    },
    filter(text, update, abort) {
      // Also sent here, once typing pauses: a press on the search button blurs the field only
      // after its click has gone to the server.
      this.keep(text);
      const needle = text.trim();
      if (needle.length < 2) {
        abort(); // no list before two letters (nor on focus, when Quasar empties the input)
        return;
      }
      if (this.known[needle]) { // asked before on this page: no round trip
        update(() => { this.options = this.known[needle]; });
        return;
      }
      this.needle = needle;
      this.pending = update;
      this.$emit("search", needle);
    },
    focus() {
      this.$el.querySelector("input").focus();
    },
    // Called by the server with the communes found for `needle`.
    found(needle, pairs) {
      const options = pairs.map(([value, label, caption]) => ({ value, label, caption }));
      this.known[needle] = options;
      if (needle !== this.needle || !this.pending) return;
      const update = this.pending;
      this.pending = null;
      update(() => { this.options = options; });
    },
  },
};
