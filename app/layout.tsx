import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/trpc";
import { Toaster } from "@/components/ui/toaster";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Пульт", template: "%s · Пульт" },
  description: "Операционная платформа для торговых и сервисных компаний",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="ru">
      <body>
        <Providers>{children}</Providers>
        <Toaster />
      </body>
    </html>
  );
}
