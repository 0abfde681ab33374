import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router";
import { routes } from "./app/routes";
import { SessionProvider } from "./auth/session";
import { LanguageProvider, rememberedLanguage } from "./i18n/language";
import "./app/styles.css";

const queryClient = new QueryClient({
  defaultOptions: {
    // Refusals do not change on a retry; a lost connection is retried once.
    queries: { retry: 1, staleTime: 15_000, refetchOnWindowFocus: true },
    mutations: { retry: 0 },
  },
});

const root = document.getElementById("root");
if (root === null) throw new Error("The page has no #root element.");
document.documentElement.lang = rememberedLanguage();
createRoot(root).render(
  <StrictMode>
    <LanguageProvider>
      <SessionProvider>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={createBrowserRouter(routes)} />
        </QueryClientProvider>
      </SessionProvider>
    </LanguageProvider>
  </StrictMode>,
);
