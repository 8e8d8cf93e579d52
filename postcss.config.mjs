/** Tailwind CSS 4 через PostCSS-плагин. */
const config = {
  plugins: {
    "@tailwindcss/postcss": {},
  },
};

export default config;
