import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Toast } from "antd-mobile";
import { useRef } from "react";
import { type FetchAnswer, unwrap } from "../api/client";
import { useSession } from "../auth/session";
import { useLanguage } from "../i18n/language";

/** The signed-in courier's community and id, for the paths of their own records. */
export const useCourier = () => {
  const { session, client } = useSession();
  if (session === undefined) throw new Error("The courier's pages are shown signed in.");
  return {
    client,
    community: session.community,
    courierId: session.subject,
    /** The path parameters of the courier's own records. */
    own: { community: session.community, courierId: session.subject },
  };
};

/** A fresh command id for one intent, sent as `Idempotency-Key` so a retry is the same command. */
export const newCommandId = (): string => crypto.randomUUID();

/**
 * A courier's action: one command id per intent, made when it is first tapped and kept
 * until it succeeds (a retry after a lost connection is the same command, so it is done
 * once); "sending…" while it goes, then "sent" or the refusal in the domain's words (the
 * error stays on the mutation for the page to show). Refreshes the views whose query keys
 * start with `refresh`, after a success and after a refusal.
 *
 * @example
 * const signUp = useCourierAction(["activities"]);
 * signUp.mutate((key) => client.POST(path, { params: { path, header: { "Idempotency-Key": key } }, body }));
 */
export const useCourierAction = <T = unknown>(refresh: ReadonlyArray<string>) => {
  const queryClient = useQueryClient();
  const { tx } = useLanguage();
  const intent = useRef<string | undefined>(undefined);
  return useMutation({
    mutationFn: async (send: (idempotencyKey: string) => Promise<FetchAnswer<T>>) => {
      intent.current ??= newCommandId();
      const result = await unwrap(send(intent.current));
      return result;
    },
    onMutate: () => {
      Toast.show({ icon: "loading", content: tx("正在发送…", "Sending…"), duration: 0 });
    },
    onSuccess: async () => {
      intent.current = undefined;
      Toast.show({ icon: "success", content: tx("已发送", "Sent") });
      await Promise.all(refresh.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
    },
    onError: async (error: Error) => {
      Toast.clear();
      if (!("status" in error)) return;
      // A refusal will be refused again: the next tap is a new intent. It often means the
      // page was behind (the last place taken, the wish claimed), so its views are read
      // again; the refusal stays on the mutation for the page to show.
      intent.current = undefined;
      await Promise.all(refresh.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
    },
  });
};

/** The policy the courier's community follows now (its categories, topics, caps). */
export const usePolicy = () => {
  const { client, community } = useCourier();
  return useQuery({
    queryKey: ["policy", community],
    staleTime: 10 * 60_000,
    queryFn: async () => {
      const { versions, inForce } = await unwrap(
        client.GET("/v1/communities/{community}/policy-versions", {
          params: { path: { community } },
        }),
      );
      // The registry answers the rules in force with their document, also when only the
      // deployment's configuration holds it (a community registered on the configured policy).
      if (inForce !== undefined) {
        return { policyVersion: inForce.policyVersion ?? "", policy: inForce.policy };
      }
      const now = Date.now();
      const effective = versions
        .filter((version) => Date.parse(version.effectiveFrom) <= now)
        .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
      const chosen = effective[0] ?? versions[versions.length - 1];
      if (chosen === undefined) throw new Error("The community has no policy.");
      return chosen;
    },
  });
};

/** The community's stations, for choosing where a wish or report belongs. */
export const useStations = () => {
  const { client, community } = useCourier();
  return useQuery({
    queryKey: ["stations", community],
    staleTime: 10 * 60_000,
    queryFn: () =>
      unwrap(
        client.GET("/v1/communities/{community}/stations", {
          params: { path: { community }, query: { limit: 100 } },
        }),
      ),
  });
};
