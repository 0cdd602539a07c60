import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The build checks the app's own code; tests and scripts are checked by `npm run typecheck`.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  // Lets several builds of one checkout coexist (the e2e suite can build into its own).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  experimental: {
    // people module: with proxy.ts in place Next.js buffers request bodies up to this size
    // and silently cuts longer ones. Spreadsheet uploads (app/api/files/imports) are
    // allowed 20 MB (lib/people/import.ts MAX_IMPORT_BYTES) and refused beyond it.
    proxyClientMaxBodySize: "21mb",
  },
  // Native and WebAssembly packages are loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "@electric-sql/pglite-socket", "pg",
    // dashboard module: pdfkit reads its font metrics from its own folder at run time.
    "pdfkit"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=(self)" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
