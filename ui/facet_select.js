// A Quasar select whose choices arrive as one JSON string of [value, label] pairs: the server
// keeps a single string per list instead of an observable object per choice (see facet_select.py).
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
      return JSON.parse(this.choices || "[]").map(([value, label]) => ({ value, label }));
    },
    shown() {
      const needle = this.needle.toLocaleLowerCase();
      if (!needle) return this.options;
      return this.options.filter((option) => option.label.toLocaleLowerCase().includes(needle));
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
