"""The machine's floor for bench/browser.py: a minimal Streamlit page with one Plotly chart and no data
work, so the dashboard's page times can be read against what Streamlit + Plotly cost here anyway."""

import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
fig = go.Figure(go.Bar(x=[1, 2, 3], y=["a", "b", "c"], orientation="h"))
choice = st.radio("Option", ["A", "B"], horizontal=True, key="opt")
st.plotly_chart(fig, key="floor_chart")
st.write(choice)
