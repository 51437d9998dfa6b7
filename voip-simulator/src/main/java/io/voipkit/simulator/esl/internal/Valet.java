package io.voipkit.simulator.esl.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * mod_valet_parking of the simulated switch: lots of numbered slots, the {@code valet_park}
 * application and the {@code valet_info} api, with the {@code valet_parking::info} events of
 * valet-park.txt ({@code hold}, {@code bridge}, {@code exit}). Guarded by the {@link FsModel} lock
 * (every method is called with it held).
 *
 * <p>{@code valet_park <lot> auto in <first> <last>} takes the lowest free slot of the range and,
 * as the real module does, re-runs itself inline ({@code set:valet_ticket=...,sleep:1000,
 * valet_park:<lot> <slot>}): the {@code hold} event comes about a second later (recorded both from
 * the dialplan and from {@code uuid_transfer ... inline}). {@code valet_park <lot> <slot>} parks at
 * once in a free slot, or retrieves the call parked there: {@code bridge} then {@code exit} on the
 * parked leg, then the two legs are bridged. Not simulated: {@code valet_parking_timeout} (a parked
 * call stays until it hangs up), {@code auto out}, the orbit.
 */
final class Valet {
    private final FsModel model;
    /** lot → slot → uuid of the parked (or about to be parked) leg; lots appear once used, as in FreeSWITCH. */
    private final Map<String, TreeMap<String, String>> lots = new LinkedHashMap<>();

    Valet(FsModel model) {
        this.model = model;
    }

    /** Runs {@code valet_park <data>} on {@code c} (CHANNEL_EXECUTE first). */
    void park(FsChannel c, String data) {
        model.execute(c, "valet_park", data);
        String[] w = data.strip().split("\\s+");
        if (w.length < 2 || w[0].isEmpty()) {
            // the module logs its usage and returns; the leg has nothing left to run
            model.log(3, "mod_valet_parking.c", "valet_parking_function", 795, c.uuid, "Usage: <lot name> <extension> | auto in|out [min] [max]");
            model.hangupAll(c, "NORMAL_CLEARING");
            return;
        }
        String lot = w[0];
        TreeMap<String, String> slots = lots.computeIfAbsent(lot, k -> new TreeMap<>());
        if (w[1].equals("auto")) {
            if (w.length < 5 || !w[2].equals("in")) {
                model.log(3, "mod_valet_parking.c", "valet_parking_function", 640, c.uuid, "Usage: <lot name> auto in <min> <max>");
                model.hangupAll(c, "NORMAL_CLEARING");
                return;
            }
            String slot = freeSlot(slots, w[3], w[4]);
            if (slot == null) {
                model.log(3, "mod_valet_parking.c", "valet_parking_function", 646, c.uuid, "No more parking spaces in lot " + lot);
                model.hangupAll(c, "NORMAL_CLEARING");
                return;
            }
            slots.put(slot, c.uuid);
            c.valetLot = lot;
            c.valetSlot = slot;
            c.vars.put("inline_destination", "set:valet_ticket=" + c.uuid + ",set:valet_hold_music='local_stream://moh',sleep:1000,"
                    + "valet_park:" + lot + " " + slot);
            String uuid = c.uuid;
            model.later(1000, TimeUnit.MILLISECONDS, () -> {
                FsChannel still = model.channel(uuid);
                if (still != null && slot.equals(still.valetSlot) && lot.equals(still.valetLot)) {
                    hold(still);
                }
            });
            return;
        }
        String slot = w[1];
        String parkedUuid = slots.get(slot);
        FsChannel parked = parkedUuid == null ? null : model.channel(parkedUuid);
        if (parked != null && parked != c) {
            retrieve(parked, c);
            return;
        }
        slots.put(slot, c.uuid);
        c.valetLot = lot;
        c.valetSlot = slot;
        hold(c);
    }

    private static String freeSlot(TreeMap<String, String> slots, String first, String last) {
        int from;
        int to;
        try {
            from = Integer.parseInt(first);
            to = Integer.parseInt(last);
        } catch (NumberFormatException e) {
            return null;
        }
        for (int i = from; i <= to; i++) {
            if (!slots.containsKey(Integer.toString(i))) {
                return Integer.toString(i);
            }
        }
        return null;
    }

    private FsEvent event(String action, FsChannel c) {
        FsEvent e = model.channelEvent("CUSTOM valet_parking::info " + action, c);
        e.replace("Valet-Lot-Name", c.valetLot);
        e.replace("Valet-Extension", c.valetSlot);
        return e;
    }

    private void hold(FsChannel c) {
        c.valetHeld = true;
        model.emit(event("hold", c));
    }

    /** Someone dialled the slot of a parked call: bridge, exit, and the two legs are bridged. */
    private void retrieve(FsChannel parked, FsChannel retriever) {
        parked.vars.put("valet_lot_extension", parked.valetSlot);
        FsEvent bridge = event("bridge", parked);
        bridge.replace("Bridge-To-UUID", retriever.uuid);
        model.emit(bridge);
        model.uuidBridgeLegs(parked, retriever);
        left(parked);
    }

    /** The leg leaves its slot (retrieved or hung up): {@code exit}, the slot is free again. */
    void left(FsChannel c) {
        if (c.valetLot == null) {
            return;
        }
        if (c.valetHeld) {
            model.emit(event("exit", c));
        }
        TreeMap<String, String> slots = lots.get(c.valetLot);
        if (slots != null && c.uuid.equals(slots.get(c.valetSlot))) {
            slots.remove(c.valetSlot);
        }
        c.valetLot = null;
        c.valetSlot = null;
        c.valetHeld = false;
    }

    /**
     * {@code valet_info [lot]}: the XML of valet-park.txt (two-space indents, one {@code <extension>}
     * per parked call, listed from the moment its slot is taken, before the {@code hold} event, as the real
     * switch does); an unknown lot gives an empty {@code <lots>}.
     */
    String info(String onlyLot) {
        StringBuilder sb = new StringBuilder("<lots>\n");
        for (Map.Entry<String, TreeMap<String, String>> lot : lots.entrySet()) {
            if (onlyLot != null && !onlyLot.equals(lot.getKey())) {
                continue;
            }
            sb.append("  <lot name=\"").append(EslText.xmlEscape(lot.getKey())).append("\">\n");
            for (Map.Entry<String, String> slot : lot.getValue().entrySet()) {
                FsChannel c = model.channel(slot.getValue());
                if (c != null && slot.getKey().equals(c.valetSlot)) {
                    sb.append("    <extension uuid=\"").append(c.uuid).append("\">").append(EslText.xmlEscape(slot.getKey()))
                            .append("</extension>\n");
                }
            }
            sb.append("  </lot>\n");
        }
        return sb.append("</lots>\n").toString();
    }
}
