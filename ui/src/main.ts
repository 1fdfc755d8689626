import { mount } from "svelte";
import App from "./App.svelte";
import AlreadyOpen from "./screens/AlreadyOpen.svelte";
import { commands } from "./bindings";
import { pickLanguage, setLanguage } from "./lib/messages";
import "./style.css";

const target = document.getElementById("app");
if (!target) throw new Error("missing #app");

// A second copy of the app (another one holds the data folder) shows only that it is
// already open: asked first, before the app asks Rust for anything that reads or writes.
void commands.appInfo().then((info) => {
  const second = info.alreadyOpen;
  if (second) {
    setLanguage(pickLanguage(second.language, [second.systemLanguage, ...(navigator.languages ?? []), navigator.language]));
    mount(AlreadyOpen, { target, props: { name: info.name, onclose: () => void commands.quitApp() } });
  } else {
    mount(App, { target });
  }
});
