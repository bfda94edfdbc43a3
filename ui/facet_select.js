// A Quasar select whose choices arrive as one JSON string of [value, label] pairs: the server
// keeps a single string per list instead of an observable object per choice (see facet_select.py).

// Typing « ile » finds « Île-de-France » and « reunion » « La Réunion »: labels and what is typed
// are compared without accents, ligatures, case or punctuation, as the server compares words.
const LIGATURES = { œ: "oe", Œ: "oe", æ: "ae", Æ: "ae" };
function folded(text) {
  return text
    .replace(/[œŒæÆ]/g, (c) => LIGATURES[c])
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export default {
  props: ["choices", "modelValue", "multiple", "filterable"],
  emits: ["update:model-value"],
  template: `
    <q-select
      :model-value="modelValue"
      :options="shown"
      :multiple="multiple"
      :use-input="filterable"
      input-debounce="0"
      emit-value
      map-options
      @filter="filter"
      @update:model-value="(value) => $emit('update:model-value', value)"
    >
      <template v-for="(_, slot) in $slots" v-slot:[slot]="slotProps">
        <slot :name="slot" v-bind="slotProps || {}" />
      </template>
    </q-select>
  `,
  data() {
    return { needle: "" };
  },
  computed: {
    options() {
      return JSON.parse(this.choices || "[]").map(([value, label]) => ({
        value,
        label,
        key: folded(label),
      }));
    },
    shown() {
      const needle = folded(this.needle);
      if (!needle) return this.options;
      return this.options.filter((option) => option.key.includes(needle));
    },
  },
  methods: {
    filter(value, update) {
      update(() => {
        this.needle = value;
      });
    },
  },
};
