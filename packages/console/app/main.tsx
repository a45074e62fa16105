import "@blueprintjs/core/lib/css/blueprint.css";
import "./console.css";
import { FocusStyleManager } from "@blueprintjs/core";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.js";

// Focus rings show for keyboard users and stay hidden for mouse clicks.
FocusStyleManager.onlyShowFocusOnTabs();

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
